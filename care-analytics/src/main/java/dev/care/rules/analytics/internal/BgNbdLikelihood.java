package dev.care.rules.analytics.internal;

import java.util.stream.IntStream;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD log-likelihood of a grouped population (Fader, Hardie &amp; Lee 2005, equation 6):
 *
 * <pre>
 *   ln L_i = A1 + A2 + ln( e^{A3} + [x > 0] e^{A4} )
 *   A1 = lnΓ(r + x) − lnΓ(r) + r ln α
 *   A2 = lnΓ(a + b) + lnΓ(b + x) − lnΓ(b) − lnΓ(a + b + x)
 *   A3 = −(r + x) ln(α + T)
 *   A4 = ln a − ln(b + x − 1) − (r + x) ln(α + t_x)
 * </pre>
 *
 * The log of the sum is taken as {@code m + log1p(exp(min − m))} with {@code m} the larger exponent
 * (log-sum-exp), so nothing overflows or underflows for any data. Per-value pieces (log gamma per
 * distinct {@code x}, logarithms per distinct {@code t_x} and {@code T}) are computed once per
 * evaluation. Large populations are summed in a fixed number of chunks in parallel; the partial
 * sums are added in chunk order, so the result does not depend on thread scheduling.
 */
public final class BgNbdLikelihood {
  private static final int PARALLEL_THRESHOLD = 20_000;
  private static final int CHUNKS = 16;

  private final GroupedTriples data;
  private final boolean parallel;

  /**
   * A likelihood over grouped data.
   *
   * @param data the grouped triples
   * @param parallel whether large populations may be summed on the common fork-join pool
   */
  public BgNbdLikelihood(GroupedTriples data, boolean parallel) {
    this.data = data;
    this.parallel = parallel;
  }

  /**
   * The total log-likelihood.
   *
   * @param r shape of the purchase-rate gamma
   * @param alpha scale of the purchase-rate gamma (in periods)
   * @param a first shape of the dropout beta
   * @param b second shape of the dropout beta
   * @return the sum over customers of {@code ln L_i}; {@code NaN} if a parameter is not positive
   */
  public double value(double r, double alpha, double a, double b) {
    if (!(r > 0) || !(alpha > 0) || !(a > 0) || !(b > 0)) {
      return Double.NaN;
    }
    int[] dx = data.distinctX;
    double[] c12 = new double[dx.length];
    double[] c4 = new double[dx.length];
    double base =
        -Gamma.logGamma(r) + r * Math.log(alpha) + Gamma.logGamma(a + b) - Gamma.logGamma(b);
    double la = Math.log(a);
    for (int i = 0; i < dx.length; i++) {
      int x = dx[i];
      c12[i] = base + Gamma.logGamma(r + x) + Gamma.logGamma(b + x) - Gamma.logGamma(a + b + x);
      c4[i] = x > 0 ? la - Math.log(b + x - 1) : Double.NEGATIVE_INFINITY;
    }
    double[] lnTx = new double[data.distinctTx.length];
    for (int i = 0; i < lnTx.length; i++) {
      lnTx[i] = Math.log(alpha + data.distinctTx[i]);
    }
    double[] lnAge = new double[data.distinctAge.length];
    for (int i = 0; i < lnAge.length; i++) {
      lnAge[i] = Math.log(alpha + data.distinctAge[i]);
    }
    int g = data.groups();
    if (!parallel || g < PARALLEL_THRESHOLD) {
      return sum(0, g, r, c12, c4, lnTx, lnAge);
    }
    double[] partial = new double[CHUNKS];
    IntStream.range(0, CHUNKS)
        .parallel()
        .forEach(
            k ->
                partial[k] =
                    sum(
                        (int) ((long) g * k / CHUNKS),
                        (int) ((long) g * (k + 1) / CHUNKS),
                        r,
                        c12,
                        c4,
                        lnTx,
                        lnAge));
    double total = 0;
    for (double p : partial) {
      total += p;
    }
    return total;
  }

  private double sum(
      int from, int to, double r, double[] c12, double[] c4, double[] lnTx, double[] lnAge) {
    int[] xs = data.x;
    int[] xi = data.xIndex;
    int[] ti = data.txIndex;
    int[] ai = data.ageIndex;
    double[] w = data.weight;
    double total = 0;
    for (int i = from; i < to; i++) {
      int k = xi[i];
      double rx = r + xs[i];
      double a3 = -rx * lnAge[ai[i]];
      double ll;
      if (xs[i] == 0) {
        ll = a3;
      } else {
        double a4 = c4[k] - rx * lnTx[ti[i]];
        double m = Math.max(a3, a4);
        ll = m + Math.log1p(Math.exp(Math.min(a3, a4) - m));
      }
      total += w[i] * (c12[k] + ll);
    }
    return total;
  }
}
