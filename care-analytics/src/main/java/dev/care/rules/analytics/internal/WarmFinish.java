package dev.care.rules.analytics.internal;

import java.util.function.ToDoubleFunction;

/**
 * Finishes a warm-started fit on the whole population: BFGS with the exact gradient ({@link
 * QuasiNewton}) from the optimum found on a sample; should it not converge while evaluations remain
 * in the budget, Nelder–Mead ({@link LogSpaceMinimizer}) finishes from the best point with a small
 * first simplex. The BG/NBD and Gamma–Gamma fitters share it.
 */
public final class WarmFinish {
  /** The first simplex edge in log space should Nelder–Mead finish (a relative change of ~10 %). */
  public static final double STEP = 0.1;

  /** The largest log-space gradient component of {@code −LL / N} at a finished fit. */
  public static final double GRADIENT_TOLERANCE = 1e-9;

  private WarmFinish() {}

  /**
   * What the finish found; the counts are the finish's own (the sample's fit is not included).
   *
   * @param point the best parameters (natural scale)
   * @param evaluations evaluations used by the finish
   * @param iterations BFGS and Nelder–Mead iterations of the finish
   * @param runs BFGS (one) plus Nelder–Mead runs
   * @param converged whether the last search met its stopping rule
   */
  public record Result(
      double[] point, int evaluations, int iterations, int runs, boolean converged) {}

  /**
   * Finishes a maximum-likelihood fit: minimises {@code −LL / N} from the sample's optimum.
   *
   * @param logLikelihood the log-likelihood {@code LL} with its gradient (natural-scale parameters)
   * @param logLikelihoodValue the same without the gradient, for Nelder–Mead
   * @param customers {@code N}, the customers in the likelihood ({@code > 0})
   * @param from the sample's optimum, all {@code > 0}
   * @param spent evaluations the sample's fit used (counted against {@code maxEvaluations})
   * @param maxRuns Nelder–Mead runs at most
   * @param maxEvaluations evaluations at most, the sample's fit included (each search gets at least
   *     100)
   * @param tolerance relative tolerance of both stopping rules
   * @return the result
   */
  public static Result maximiseLikelihood(
      QuasiNewton.Objective logLikelihood,
      ToDoubleFunction<double[]> logLikelihoodValue,
      double customers,
      double[] from,
      int spent,
      int maxRuns,
      int maxEvaluations,
      double tolerance) {
    QuasiNewton.Objective objective =
        (p, gradient) -> {
          double v = logLikelihood.value(p, gradient);
          for (int i = 0; i < gradient.length; i++) {
            gradient[i] = -gradient[i] / customers;
          }
          return -v / customers;
        };
    QuasiNewton.Result polish =
        QuasiNewton.minimize(
            objective, from, Math.max(100, maxEvaluations - spent), tolerance, GRADIENT_TOLERANCE);
    int evaluations = polish.evaluations();
    int iterations = polish.iterations();
    int runs = 1;
    double[] p = polish.point();
    boolean converged = polish.converged();
    if (!converged && spent + evaluations < maxEvaluations) {
      LogSpaceMinimizer.Result res =
          LogSpaceMinimizer.minimize(
              q -> -logLikelihoodValue.applyAsDouble(q) / customers,
              Double.isFinite(polish.value()) ? p : from,
              STEP,
              maxRuns,
              Math.max(100, maxEvaluations - spent - evaluations),
              tolerance);
      evaluations += res.evaluations();
      iterations += res.iterations();
      runs += res.runs();
      p = res.point();
      converged = res.converged();
    }
    return new Result(p, evaluations, iterations, runs, converged);
  }
}
