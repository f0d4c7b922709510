package dev.care.rules.analytics.internal;

import java.util.Arrays;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma log-likelihood of the customers' mean spends and, on request, its gradient:
 *
 * <pre>
 *   LL = N (q ln γ − lnΓ(q)) + Σ [lnΓ(px + q) − lnΓ(px) + (px − 1) ln m̄ + px ln x
 *        − (px + q) ln(γ + m̄x)]
 *   ∂/∂p = Σ x [ψ(px + q) − ψ(px) + ln m̄ + ln x − ln(γ + m̄x)]
 *   ∂/∂q = N (ln γ − ψ(q)) + Σ [ψ(px + q) − ln(γ + m̄x)]
 *   ∂/∂γ = N q / γ − Σ (px + q) / (γ + m̄x)
 * </pre>
 *
 * The per-customer sums are taken in fixed chunks in parallel, added in chunk order, so the result
 * does not depend on the thread schedule.
 */
public final class GammaGammaLikelihood {
  /** Customers per chunk of the parallel likelihood sum. */
  private static final int CHUNK = 16_384;

  private final int[] x;
  private final double[] meanSpend;
  private final int[] distinctX;
  private final double[] xWeight;
  private final double sLogM;
  private final double sXLogX;
  private final double sXLogMean;

  /**
   * A likelihood over customers' repeat purchases; the caller has checked each pair.
   *
   * @param x repeat purchases per customer, each {@code >= 1}
   * @param meanSpend mean repeat spend per customer, each finite and {@code > 0}
   */
  public GammaGammaLikelihood(int[] x, double[] meanSpend) {
    double sumLogM = 0;
    double sumXLogX = 0;
    double sumXLogM = 0;
    for (int i = 0; i < x.length; i++) {
      sumLogM += Math.log(meanSpend[i]);
      sumXLogX += x[i] * Math.log(x[i]);
      sumXLogM += x[i] * Math.log(meanSpend[i]);
    }
    this.x = x;
    this.meanSpend = meanSpend;
    // the terms (px − 1) ln m̄ + px ln x are linear in p: sum their coefficients once
    this.sLogM = sumLogM;
    this.sXLogX = sumXLogX;
    this.sXLogMean = sumXLogM;
    // lnΓ(px + q) − lnΓ(px) depends on x only: evaluate it once per distinct x
    this.distinctX = Arrays.stream(x).distinct().sorted().toArray();
    this.xWeight = new double[distinctX.length];
    for (int xi : x) {
      xWeight[Arrays.binarySearch(distinctX, xi)]++;
    }
  }

  /**
   * The log-likelihood, and its gradient on request.
   *
   * @param par {@code p, q, γ}
   * @param gradient {@code null}, or filled with {@code ∂/∂p, ∂/∂q, ∂/∂γ}
   * @return the log-likelihood
   */
  public double value(double[] par, double[] gradient) {
    double p = par[0];
    double q = par[1];
    double g = par[2];
    int n = x.length;
    double ll = n * (q * Math.log(g) - Gamma.logGamma(q)) + p * sXLogMean - sLogM + p * sXLogX;
    for (int k = 0; k < distinctX.length; k++) {
      double px = p * distinctX[k];
      ll += xWeight[k] * (Gamma.logGamma(px + q) - Gamma.logGamma(px));
    }
    // the per-customer term, in fixed chunks summed in parallel and then in chunk order,
    // so the result does not depend on the thread schedule
    if (gradient == null) {
      double[] partial = new double[(n + CHUNK - 1) / CHUNK];
      java.util.stream.IntStream.range(0, partial.length)
          .parallel()
          .forEach(
              c -> {
                double sumChunk = 0;
                for (int i = c * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                  sumChunk += (p * x[i] + q) * Math.log(g + meanSpend[i] * x[i]);
                }
                partial[c] = sumChunk;
              });
      for (double part : partial) {
        ll -= part;
      }
      return ll;
    }
    double[][] partial = new double[(n + CHUNK - 1) / CHUNK][];
    java.util.stream.IntStream.range(0, partial.length)
        .parallel()
        .forEach(
            c -> {
              double value = 0;
              double xLog = 0;
              double log = 0;
              double inverse = 0;
              for (int i = c * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                double spend = g + meanSpend[i] * x[i];
                double lg = Math.log(spend);
                double weight = p * x[i] + q;
                value += weight * lg;
                xLog += x[i] * lg;
                log += lg;
                inverse += weight / spend;
              }
              partial[c] = new double[] {value, xLog, log, inverse};
            });
    double dp = sXLogMean + sXLogX;
    double dq = n * (Math.log(g) - Gamma.digamma(q));
    double dg = n * q / g;
    for (int k = 0; k < distinctX.length; k++) {
      double px = p * distinctX[k];
      double psi = Gamma.digamma(px + q);
      dp += xWeight[k] * distinctX[k] * (psi - Gamma.digamma(px));
      dq += xWeight[k] * psi;
    }
    for (double[] part : partial) {
      ll -= part[0];
      dp -= part[1];
      dq -= part[2];
      dg -= part[3];
    }
    gradient[0] = dp;
    gradient[1] = dq;
    gradient[2] = dg;
    return ll;
  }
}
