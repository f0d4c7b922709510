package dev.care.rules.analytics.internal;

import java.util.Arrays;

/**
 * Polishes a minimum of a smooth function of positive parameters by BFGS on their logarithms, from
 * a start already close to it (a warm start), with the exact gradient.
 *
 * <p>Each step goes along {@code −H g} ({@code H} the BFGS inverse-Hessian estimate, first scaled
 * identity) with a backtracking line search (Armijo, {@code c = 1e-4}; at most a change of {@code
 * e} per parameter per step). It stops, converged, when the largest gradient component in log space
 * is below {@code gradientTolerance}, or when a step lowers the value by less than {@code tolerance
 * × (1 + |f|)} with the gradient below {@code 1e-6}; it stops, not converged, when the line search
 * finds no lower value or the evaluation budget is used up. The best point is always returned.
 */
public final class QuasiNewton {
  private QuasiNewton() {}

  /** A function with its gradient, both of natural-scale parameters. */
  @FunctionalInterface
  public interface Objective {
    /**
     * Evaluates.
     *
     * @param p the parameters, all {@code > 0}
     * @param gradient filled with {@code ∂f/∂p_i}
     * @return the value ({@code NaN} or infinite when undefined)
     */
    double value(double[] p, double[] gradient);
  }

  /**
   * What the polish found.
   *
   * @param point the best parameters (natural scale)
   * @param value the objective there
   * @param evaluations evaluations (value and gradient) used
   * @param iterations BFGS steps taken
   * @param converged whether a stopping rule for convergence was met
   */
  public record Result(
      double[] point, double value, int evaluations, int iterations, boolean converged) {}

  /**
   * Minimises.
   *
   * @param objective the function and its gradient
   * @param start the starting parameters, all {@code > 0}
   * @param maxEvaluations evaluations at most
   * @param tolerance relative decrease below which a step counts as no progress
   * @param gradientTolerance the largest log-space gradient component at a minimum
   * @return the result
   */
  public static Result minimize(
      Objective objective,
      double[] start,
      int maxEvaluations,
      double tolerance,
      double gradientTolerance) {
    int n = start.length;
    double[] theta = new double[n];
    for (int i = 0; i < n; i++) {
      theta[i] = Math.log(start[i]);
    }
    double[] g = new double[n];
    int[] evaluations = {0};
    double f = evaluate(objective, theta, g, evaluations);
    if (!Double.isFinite(f)) {
      return new Result(start.clone(), f, evaluations[0], 0, false);
    }
    double[][] h = identity(n, 1);
    boolean scaled = false;
    int iterations = 0;
    boolean converged = false;
    double[] trial = new double[n];
    double[] trialGradient = new double[n];
    while (true) {
      double gmax = 0;
      for (double v : g) {
        gmax = Math.max(gmax, Math.abs(v));
      }
      if (gmax <= gradientTolerance) {
        converged = true;
        break;
      }
      if (evaluations[0] >= maxEvaluations) {
        break;
      }
      double[] d = new double[n];
      double slope = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          d[i] -= h[i][j] * g[j];
        }
        slope += d[i] * g[i];
      }
      if (!(slope < 0)) { // not a descent direction: forget the curvature estimate
        h = identity(n, 1);
        scaled = false;
        for (int i = 0; i < n; i++) {
          d[i] = -g[i];
        }
        slope = -dot(g, g);
      }
      double longest = 0;
      for (double v : d) {
        longest = Math.max(longest, Math.abs(v));
      }
      double step = Math.min(1, 1 / longest);
      double ft = Double.NaN;
      boolean found = false;
      while (evaluations[0] < maxEvaluations && step > 1e-12) {
        for (int i = 0; i < n; i++) {
          trial[i] = theta[i] + step * d[i];
        }
        ft = evaluate(objective, trial, trialGradient, evaluations);
        if (Double.isFinite(ft) && ft <= f + 1e-4 * step * slope) {
          found = true;
          break;
        }
        step /= 2;
      }
      if (!found) {
        converged = gmax <= 1e-6;
        break;
      }
      iterations++;
      double[] s = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = trial[i] - theta[i];
        y[i] = trialGradient[i] - g[i];
      }
      double decrease = f - ft;
      System.arraycopy(trial, 0, theta, 0, n);
      System.arraycopy(trialGradient, 0, g, 0, n);
      f = ft;
      double sy = dot(s, y);
      if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
        if (!scaled) {
          h = identity(n, sy / dot(y, y));
          scaled = true;
        }
        h = update(h, s, y, 1 / sy);
      }
      if (decrease <= tolerance * (1 + Math.abs(f))) {
        double gm = 0;
        for (double v : g) {
          gm = Math.max(gm, Math.abs(v));
        }
        if (gm <= 1e-6) {
          converged = true;
          break;
        }
      }
    }
    double[] point = new double[n];
    for (int i = 0; i < n; i++) {
      point[i] = Math.exp(theta[i]);
    }
    return new Result(point, f, evaluations[0], iterations, converged);
  }

  /** The objective at {@code exp(θ)}, its gradient turned into {@code ∂f/∂θ = p ∂f/∂p}. */
  private static double evaluate(
      Objective objective, double[] theta, double[] gradient, int[] evaluations) {
    evaluations[0]++;
    double[] p = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      if (!(Math.abs(theta[i]) <= 30)) {
        return Double.POSITIVE_INFINITY;
      }
      p[i] = Math.exp(theta[i]);
    }
    double v = objective.value(p, gradient);
    for (int i = 0; i < theta.length; i++) {
      gradient[i] *= p[i];
      if (!Double.isFinite(gradient[i])) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
  }

  private static double[][] identity(int n, double scale) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = scale;
    }
    return m;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ}. */
  private static double[][] update(double[][] h, double[] s, double[] y, double rho) {
    int n = s.length;
    double[] hy = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        hy[i] += h[i][j] * y[j];
      }
    }
    double yhy = dot(y, hy);
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOf(h[i], n);
      for (int j = 0; j < n; j++) {
        out[i][j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
      }
    }
    return out;
  }
}
