package dev.care.rules.analytics.internal;

/**
 * The Gauss hypergeometric function {@code 2F1(a, b; c; z)} for the case the BG/NBD model needs:
 * {@code a, b, c > 0} and {@code 0 <= z < 1}. Hipparchus has no 2F1, so this is a direct summation
 * of the power series
 *
 * <pre>
 *   2F1(a, b; c; z) = Σ_k t_k,   t_0 = 1,   t_{k+1} = t_k · (a+k)(b+k) / ((c+k)(k+1)) · z
 * </pre>
 *
 * <p>With positive parameters and {@code z >= 0} every term is positive, so there is no
 * cancellation: the only dangers are overflow (terms can grow by many orders of magnitude before
 * they fall when {@code a + b - c} is large) and stopping too early. Overflow is avoided by keeping
 * the running sum and term scaled and carrying the scale as a logarithm; the series stops only once
 * the term ratio has dropped below one and the geometric bound on the remaining tail, {@code t_k ·
 * ρ / (1 - ρ)} with {@code ρ = max(ratio, z)}, is below {@code 1e-15} of the sum. The ratio tends
 * to {@code z} from above or below monotonically for large {@code k}, so {@code ρ} bounds the
 * ratios still to come. Non-convergence within the term budget is an error, never a silent
 * approximation.
 */
public final class Hypergeometric {
  private static final double EPS = 1e-15;
  private static final int MAX_TERMS = 2_000_000;
  private static final double RESCALE_ABOVE = 1e280;

  private Hypergeometric() {}

  /**
   * {@code ln 2F1(a, b; c; z)}.
   *
   * @param a first numerator parameter, {@code > 0}
   * @param b second numerator parameter, {@code > 0}
   * @param c denominator parameter, {@code > 0}
   * @param z argument, {@code 0 <= z < 1}
   * @return the natural logarithm of the function value
   * @throws IllegalArgumentException when a parameter is out of range
   * @throws ArithmeticException when the series does not converge within the term budget
   */
  public static double log2F1(double a, double b, double c, double z) {
    if (!(a > 0) || !(b > 0) || !(c > 0) || Double.isInfinite(a + b + c)) {
      throw new IllegalArgumentException(
          "2F1 needs finite a, b, c > 0, got a=" + a + ", b=" + b + ", c=" + c);
    }
    if (!(z >= 0) || !(z < 1)) {
      throw new IllegalArgumentException("2F1 needs 0 <= z < 1, got z=" + z);
    }
    if (z == 0) {
      return 0;
    }
    double term = 1;
    double sum = 1;
    double logScale = 0;
    for (int k = 0; k < MAX_TERMS; k++) {
      double ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
      term *= ratio;
      sum += term;
      if (sum > RESCALE_ABOVE) {
        logScale += Math.log(sum);
        term /= sum;
        sum = 1;
      }
      if (ratio < 1) {
        double rho = Math.max(ratio, z);
        if (term * rho / (1 - rho) < EPS * sum) {
          return logScale + Math.log(sum);
        }
      }
    }
    throw new ArithmeticException(
        "2F1("
            + a
            + ", "
            + b
            + "; "
            + c
            + "; "
            + z
            + ") did not converge in "
            + MAX_TERMS
            + " terms");
  }

  /**
   * {@code 2F1(a, b; c; z)}; may overflow to infinity where {@link #log2F1} does not.
   *
   * @param a first numerator parameter, {@code > 0}
   * @param b second numerator parameter, {@code > 0}
   * @param c denominator parameter, {@code > 0}
   * @param z argument, {@code 0 <= z < 1}
   * @return the function value
   */
  public static double value(double a, double b, double c, double z) {
    return Math.exp(log2F1(a, b, c, z));
  }
}
