package dev.care.rules.analytics;

import dev.care.rules.analytics.internal.LogSpaceMinimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.hipparchus.special.Gamma;

/**
 * Fits the {@link GammaGammaModel} by maximum likelihood on repeat customers' mean spend. Immutable
 * and thread-safe.
 *
 * <p>Only customers with {@code x >= 1} and a positive mean repeat spend enter the fit: one-time
 * buyers carry no repeat spend, and the gamma density has no mass at zero, so customers whose every
 * repeat purchase was free are left out (they still get an expected spend from the fitted model).
 * The minimiser is the same as {@link BgNbdFitter}'s (Nelder–Mead on log-parameters with restarts),
 * started at {@code p = 1, q = 2, γ} = the mean of the customers' mean spends (which matches the
 * population mean {@code pγ/(q − 1)}).
 */
public final class GammaGammaFitter {
  private final int maxRuns;
  private final int maxEvaluations;
  private final double tolerance;

  private GammaGammaFitter(int maxRuns, int maxEvaluations, double tolerance) {
    this.maxRuns = maxRuns;
    this.maxEvaluations = maxEvaluations;
    this.tolerance = tolerance;
  }

  /**
   * Defaults: at most 8 Nelder–Mead runs, 20,000 evaluations, relative tolerance {@code 1e-10}.
   *
   * @return the fitter
   */
  public static GammaGammaFitter defaults() {
    return new GammaGammaFitter(8, 20_000, 1e-10);
  }

  /**
   * Fits on summaries; amounts in minor units.
   *
   * @param customers the customers; those without repeat purchase or with zero mean repeat spend
   *     are skipped
   * @return the fit
   * @throws IllegalArgumentException when fewer than two customers qualify
   */
  public GammaGammaFit fit(Collection<CustomerSummary> customers) {
    Objects.requireNonNull(customers, "customers");
    List<CustomerSummary> usable = new ArrayList<>();
    for (CustomerSummary c : customers) {
      Objects.requireNonNull(c, "customer");
      if (c.frequency() > 0 && c.repeatSpendMinor() > 0) {
        usable.add(c);
      }
    }
    int[] x = new int[usable.size()];
    double[] m = new double[usable.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = usable.get(i).frequency();
      m[i] = usable.get(i).averageRepeatSpend();
    }
    return fit(x, m);
  }

  /**
   * Fits on raw pairs.
   *
   * @param x transactions per customer, each {@code >= 1}
   * @param meanSpend mean spend per customer, each {@code > 0}
   * @return the fit
   * @throws IllegalArgumentException naming the customer index, field and value of a bad pair, or
   *     when there are fewer than two customers
   */
  /** Customers per chunk of the parallel likelihood sum. */
  private static final int CHUNK = 16_384;

  public GammaGammaFit fit(int[] x, double[] meanSpend) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(meanSpend, "meanSpend");
    if (x.length != meanSpend.length) {
      throw new IllegalArgumentException(
          "x and meanSpend must have the same length, got " + x.length + ", " + meanSpend.length);
    }
    if (x.length < 2) {
      throw new IllegalArgumentException(
          "customers: need at least 2 repeat customers with positive spend, got " + x.length);
    }
    double sum = 0;
    double sumLogM = 0;
    double sumXLogX = 0;
    double sumXLogM = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 1) {
        throw new IllegalArgumentException("customer #" + i + ": x must be >= 1, got " + x[i]);
      }
      if (!(meanSpend[i] > 0) || Double.isInfinite(meanSpend[i])) {
        throw new IllegalArgumentException(
            "customer #" + i + ": meanSpend must be finite and > 0, got " + meanSpend[i]);
      }
      sum += meanSpend[i];
      sumLogM += Math.log(meanSpend[i]);
      sumXLogX += x[i] * Math.log(x[i]);
      sumXLogM += x[i] * Math.log(meanSpend[i]);
    }
    int n = x.length;
    // the terms (px − 1) ln m̄ + px ln x are linear in p: sum their coefficients once
    double sLogM = sumLogM;
    double sXLogX = sumXLogX;
    double sXLogMean = sumXLogM;
    // lnΓ(px + q) − lnΓ(px) depends on x only: evaluate it once per distinct x
    int[] distinctX = Arrays.stream(x).distinct().sorted().toArray();
    double[] xWeight = new double[distinctX.length];
    for (int xi : x) {
      xWeight[Arrays.binarySearch(distinctX, xi)]++;
    }
    ToDoubleFunction<double[]> negLl =
        par -> {
          double p = par[0];
          double q = par[1];
          double g = par[2];
          double ll =
              n * (q * Math.log(g) - Gamma.logGamma(q)) + p * sXLogMean - sLogM + p * sXLogX;
          for (int k = 0; k < distinctX.length; k++) {
            double px = p * distinctX[k];
            ll += xWeight[k] * (Gamma.logGamma(px + q) - Gamma.logGamma(px));
          }
          // the per-customer term, in fixed chunks summed in parallel and then in chunk order,
          // so the result does not depend on the thread schedule
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
          return -ll / n;
        };
    double[] start = {1, 2, sum / n};
    LogSpaceMinimizer.Result res =
        LogSpaceMinimizer.minimize(negLl, start, maxRuns, maxEvaluations, tolerance);
    double[] p = res.point();
    return new GammaGammaFit(
        new GammaGammaModel(p[0], p[1], p[2]),
        -negLl.applyAsDouble(p) * n,
        res.evaluations(),
        res.iterations(),
        res.runs(),
        res.converged(),
        n);
  }
}
