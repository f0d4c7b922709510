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

  /**
   * The total log-likelihood and its gradient ({@code ∂/∂r, ∂/∂α, ∂/∂a, ∂/∂b}), for a gradient
   * search. With {@code s} the share of the {@code A4} term in {@code e^{A3} + e^{A4}}:
   *
   * <pre>
   *   ∂/∂r = ψ(r + x) − ψ(r) + ln α − (1 − s) ln(α + T) − s ln(α + t_x)
   *   ∂/∂α = r / α − (r + x) ((1 − s) / (α + T) + s / (α + t_x))
   *   ∂/∂a = ψ(a + b) − ψ(a + b + x) + s / a
   *   ∂/∂b = ψ(a + b) + ψ(b + x) − ψ(b) − ψ(a + b + x) − s / (b + x − 1)
   * </pre>
   *
   * Summed as {@link #value} is (same chunks, chunk order); the value agrees with {@link #value} to
   * rounding.
   *
   * @param r shape of the purchase-rate gamma
   * @param alpha scale of the purchase-rate gamma
   * @param a first shape of the dropout beta
   * @param b second shape of the dropout beta
   * @param gradient filled with the four partial derivatives
   * @return the log-likelihood; {@code NaN} if a parameter is not positive
   */
  public double valueAndGradient(double r, double alpha, double a, double b, double[] gradient) {
    java.util.Arrays.fill(gradient, 0, 4, Double.NaN);
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
    double[] invTx = new double[lnTx.length];
    for (int i = 0; i < lnTx.length; i++) {
      lnTx[i] = Math.log(alpha + data.distinctTx[i]);
      invTx[i] = 1 / (alpha + data.distinctTx[i]);
    }
    double[] lnAge = new double[data.distinctAge.length];
    double[] invAge = new double[lnAge.length];
    for (int i = 0; i < lnAge.length; i++) {
      lnAge[i] = Math.log(alpha + data.distinctAge[i]);
      invAge[i] = 1 / (alpha + data.distinctAge[i]);
    }
    int g = data.groups();
    int chunks = !parallel || g < PARALLEL_THRESHOLD ? 1 : CHUNKS;
    // per chunk: value, ∂r and ∂α of the ln(e^A3 + e^A4) part, then per distinct x the weights
    // and the weighted shares s
    double[][] partial = new double[chunks][];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            k ->
                partial[k] =
                    sumWithGradient(
                        (int) ((long) g * k / chunks),
                        (int) ((long) g * (k + 1) / chunks),
                        r,
                        c12,
                        c4,
                        lnTx,
                        lnAge,
                        invTx,
                        invAge));
    double total = 0;
    double dr = 0;
    double dalpha = 0;
    double[] weightOfX = new double[dx.length];
    double[] shareOfX = new double[dx.length];
    for (double[] p : partial) {
      total += p[0];
      dr += p[1];
      dalpha += p[2];
      for (int i = 0; i < dx.length; i++) {
        weightOfX[i] += p[3 + i];
        shareOfX[i] += p[3 + dx.length + i];
      }
    }
    double psiR = Gamma.digamma(r);
    double psiAb = Gamma.digamma(a + b);
    double psiB = Gamma.digamma(b);
    double lnAlpha = Math.log(alpha);
    double da = 0;
    double db = 0;
    for (int i = 0; i < dx.length; i++) {
      int x = dx[i];
      double w = weightOfX[i];
      double psiAbx = Gamma.digamma(a + b + x);
      dr += w * (Gamma.digamma(r + x) - psiR + lnAlpha);
      dalpha += w * r / alpha;
      da += w * (psiAb - psiAbx);
      db += w * (psiAb + Gamma.digamma(b + x) - psiB - psiAbx);
      if (x > 0) {
        da += shareOfX[i] / a;
        db -= shareOfX[i] / (b + x - 1);
      }
    }
    gradient[0] = dr;
    gradient[1] = dalpha;
    gradient[2] = da;
    gradient[3] = db;
    return total;
  }

  private double[] sumWithGradient(
      int from,
      int to,
      double r,
      double[] c12,
      double[] c4,
      double[] lnTx,
      double[] lnAge,
      double[] invTx,
      double[] invAge) {
    int[] xs = data.x;
    int[] xi = data.xIndex;
    int[] ti = data.txIndex;
    int[] ai = data.ageIndex;
    double[] w = data.weight;
    int m = c12.length;
    double[] out = new double[3 + 2 * m];
    double total = 0;
    double dr = 0;
    double dalpha = 0;
    for (int i = from; i < to; i++) {
      int k = xi[i];
      double rx = r + xs[i];
      double lnA = lnAge[ai[i]];
      double a3 = -rx * lnA;
      double ll;
      double share;
      if (xs[i] == 0) {
        ll = a3;
        share = 0;
      } else {
        double a4 = c4[k] - rx * lnTx[ti[i]];
        double e;
        if (a4 > a3) {
          e = Math.exp(a3 - a4);
          ll = a4 + Math.log1p(e);
          share = 1 / (1 + e);
        } else {
          e = Math.exp(a4 - a3);
          ll = a3 + Math.log1p(e);
          share = e / (1 + e);
        }
      }
      double wi = w[i];
      total += wi * (c12[k] + ll);
      dr -= wi * ((1 - share) * lnA + share * lnTx[ti[i]]);
      dalpha -= wi * rx * ((1 - share) * invAge[ai[i]] + share * invTx[ti[i]]);
      out[3 + k] += wi;
      out[3 + m + k] += wi * share;
    }
    out[0] = total;
    out[1] = dr;
    out[2] = dalpha;
    return out;
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
