package dev.care.rules.analytics.internal;

import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Minimises a function of positive parameters by Nelder–Mead (Hipparchus {@link SimplexOptimizer})
 * on their logarithms, with restarts.
 *
 * <p>Working on {@code θ = ln(parameter)} keeps every parameter positive without constraints and
 * makes the simplex steps relative. Nelder–Mead can stall on a collapsed simplex, so after it
 * converges it is restarted from the best point with a fresh simplex (half the first step); the
 * search ends when a restart improves the value by less than {@code tolerance × (1 + |f|)}
 * ("converged"), or when the restarts or the evaluation budget are used up ("not converged"; the
 * best point seen is still returned). Evaluations that are not finite count as {@code +∞}.
 */
public final class LogSpaceMinimizer {
  private LogSpaceMinimizer() {}

  /**
   * What the search found.
   *
   * @param point the best parameters (natural scale)
   * @param value the objective there
   * @param evaluations objective evaluations used
   * @param iterations Nelder–Mead iterations over all runs
   * @param runs Nelder–Mead runs (1 + restarts)
   * @param converged whether the stopping rule was met within the budgets
   */
  public record Result(
      double[] point, double value, int evaluations, int iterations, int runs, boolean converged) {}

  /**
   * Minimises.
   *
   * @param objective the function of the natural-scale parameters
   * @param start starting parameters, all {@code > 0}
   * @param maxRuns Nelder–Mead runs at most, {@code >= 2}
   * @param maxEvaluations evaluations at most, over all runs
   * @param tolerance relative tolerance of the stopping rule
   * @return the result
   */
  public static Result minimize(
      ToDoubleFunction<double[]> objective,
      double[] start,
      int maxRuns,
      int maxEvaluations,
      double tolerance) {
    return minimize(objective, start, 1.0, maxRuns, maxEvaluations, tolerance);
  }

  /**
   * Minimises from a start known to be close (a warm start): the first simplex has edges of {@code
   * step} in log space (a relative change of about {@code step}), restarts half that.
   *
   * @param objective the function of the natural-scale parameters
   * @param start starting parameters, all {@code > 0}
   * @param step the first simplex's edge in log space, {@code > 0} ({@code 1} for a cold start)
   * @param maxRuns Nelder–Mead runs at most, {@code >= 2}
   * @param maxEvaluations evaluations at most, over all runs
   * @param tolerance relative tolerance of the stopping rule
   * @return the result
   */
  public static Result minimize(
      ToDoubleFunction<double[]> objective,
      double[] start,
      double step,
      int maxRuns,
      int maxEvaluations,
      double tolerance) {
    int n = start.length;
    double[] theta = new double[n];
    for (int i = 0; i < n; i++) {
      theta[i] = Math.log(start[i]);
    }
    double[] bestTheta = theta.clone();
    double[] bestValue = {Double.POSITIVE_INFINITY};
    int[] evaluations = {0};
    ObjectiveFunction f =
        new ObjectiveFunction(
            t -> {
              evaluations[0]++;
              double[] p = new double[n];
              for (int i = 0; i < n; i++) {
                if (!(Math.abs(t[i]) <= 30)) {
                  return Double.POSITIVE_INFINITY;
                }
                p[i] = Math.exp(t[i]);
              }
              double v = objective.applyAsDouble(p);
              if (!Double.isFinite(v)) {
                return Double.POSITIVE_INFINITY;
              }
              if (v < bestValue[0]) {
                bestValue[0] = v;
                System.arraycopy(t, 0, bestTheta, 0, n);
              }
              return v;
            });
    int iterations = 0;
    int runs = 0;
    boolean converged = false;
    double previous = Double.POSITIVE_INFINITY;
    double edge = step;
    while (runs < maxRuns) {
      int budget = maxEvaluations - evaluations[0];
      if (budget <= n + 1) {
        break;
      }
      SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-12, 1e-14));
      double[] steps = new double[n];
      java.util.Arrays.fill(steps, edge);
      runs++;
      try {
        PointValuePair p =
            optimizer.optimize(
                new MaxEval(budget),
                f,
                GoalType.MINIMIZE,
                new InitialGuess(bestTheta.clone()),
                new NelderMeadSimplex(steps));
        iterations += optimizer.getIterations();
        double v = p.getValue();
        if (runs >= 2 && previous - v <= tolerance * (1 + Math.abs(v))) {
          converged = true;
          break;
        }
        previous = Math.min(previous, v);
      } catch (MathIllegalStateException budgetExhausted) {
        iterations += optimizer.getIterations();
        break;
      }
      edge = step / 2;
    }
    double[] point = new double[n];
    for (int i = 0; i < n; i++) {
      point[i] = Math.exp(bestTheta[i]);
    }
    return new Result(point, bestValue[0], evaluations[0], iterations, runs, converged);
  }
}
