package dev.care.rules.analytics.internal;

import java.util.function.ToDoubleFunction;

/**
 * Finishes a warm-started fit on the whole population: BFGS with the exact gradient ({@link
 * QuasiNewton}) from the optimum found on a sample; should it not converge while evaluations remain
 * in the budget, Nelder–Mead ({@link LogSpaceMinimizer}) finishes from the best point with a small
 * first simplex. The BG/NBD and Gamma–Gamma fitters share it.
 */
public final class WarmFinish {
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
   * Finishes.
   *
   * @param objective the function to minimise with its gradient (natural-scale parameters)
   * @param value the same function without the gradient, for Nelder–Mead
   * @param from the sample's optimum, all {@code > 0}
   * @param spent evaluations the sample's fit used (counted against {@code maxEvaluations})
   * @param step the first simplex's edge in log space should Nelder–Mead finish
   * @param maxRuns Nelder–Mead runs at most
   * @param maxEvaluations evaluations at most, the sample's fit included (each search gets at least
   *     100)
   * @param tolerance relative tolerance of both stopping rules
   * @param gradientTolerance the largest log-space gradient component at a minimum
   * @return the result
   */
  public static Result finish(
      QuasiNewton.Objective objective,
      ToDoubleFunction<double[]> value,
      double[] from,
      int spent,
      double step,
      int maxRuns,
      int maxEvaluations,
      double tolerance,
      double gradientTolerance) {
    QuasiNewton.Result polish =
        QuasiNewton.minimize(
            objective, from, Math.max(100, maxEvaluations - spent), tolerance, gradientTolerance);
    int evaluations = polish.evaluations();
    int iterations = polish.iterations();
    int runs = 1;
    double[] p = polish.point();
    boolean converged = polish.converged();
    if (!converged && spent + evaluations < maxEvaluations) {
      LogSpaceMinimizer.Result res =
          LogSpaceMinimizer.minimize(
              value,
              Double.isFinite(polish.value()) ? p : from,
              step,
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
