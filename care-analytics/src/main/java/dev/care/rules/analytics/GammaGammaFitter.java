package dev.care.rules.analytics;

import dev.care.rules.analytics.internal.GammaGammaLikelihood;
import dev.care.rules.analytics.internal.LogSpaceMinimizer;
import dev.care.rules.analytics.internal.WarmFinish;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Fits the {@link GammaGammaModel} by maximum likelihood on repeat customers' mean spend. Immutable
 * and thread-safe.
 *
 * <p>Only customers with {@code x >= 1} and a positive mean repeat spend enter the fit: one-time
 * buyers carry no repeat spend, and the gamma density has no mass at zero, so customers whose every
 * repeat purchase was free are left out (they still get an expected spend from the fitted model).
 * The minimiser is the same as {@link BgNbdFitter}'s (Nelder–Mead on log-parameters with restarts),
 * started at {@code p = 1, q = 2, γ} = the mean of the customers' mean spends (which matches the
 * population mean {@code pγ/(q − 1)}). From {@value #WARM_START_CUSTOMERS} customers in the fit on,
 * that search runs on a random sample of about {@value #SAMPLE} of them and BFGS with the exact
 * gradient finishes on all, as in {@link BgNbdFitter}.
 */
public final class GammaGammaFitter {
  /** From this many customers in the fit on, it is warm-started from a sample's. */
  static final int WARM_START_CUSTOMERS = 200_000;

  /** Customers in the warm-start sample, about. */
  static final int SAMPLE = 50_000;

  /** The seed of the warm-start sample (fixed: the fit is deterministic). */
  static final long SAMPLE_SEED = 20261205L;

  private final int maxRuns;
  private final int maxEvaluations;
  private final double tolerance;
  private final int warmStartFrom;

  private GammaGammaFitter(int maxRuns, int maxEvaluations, double tolerance, int warmStartFrom) {
    this.warmStartFrom = warmStartFrom;
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
    return new GammaGammaFitter(8, 20_000, 1e-10, WARM_START_CUSTOMERS);
  }

  /**
   * A fitter that warm-starts from a different number of customers in the fit on (for tests: {@code
   * Integer.MAX_VALUE} never, a small number always).
   *
   * @param customers the fewest customers fitted from a sample's fit, {@code >= 1}
   * @return the new fitter
   */
  GammaGammaFitter withWarmStartFrom(int customers) {
    if (customers < 1) {
      throw new IllegalArgumentException("customers must be >= 1, got " + customers);
    }
    return new GammaGammaFitter(maxRuns, maxEvaluations, tolerance, customers);
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
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 1) {
        throw new IllegalArgumentException("customer #" + i + ": x must be >= 1, got " + x[i]);
      }
      if (!(meanSpend[i] > 0) || Double.isInfinite(meanSpend[i])) {
        throw new IllegalArgumentException(
            "customer #" + i + ": meanSpend must be finite and > 0, got " + meanSpend[i]);
      }
      sum += meanSpend[i];
    }
    int n = x.length;
    GammaGammaLikelihood full = new GammaGammaLikelihood(x, meanSpend);
    ToDoubleFunction<double[]> negLl = par -> -full.value(par, null) / n;
    double[] start = {1, 2, sum / n};
    if (n >= warmStartFrom) {
      return warmStarted(full, x, meanSpend, start);
    }
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

  /**
   * Many customers: Nelder–Mead (as for few) on a random sample of about {@link #SAMPLE} of them,
   * then BFGS with the exact gradient on all from there; Nelder–Mead finishes should it not
   * converge.
   */
  private GammaGammaFit warmStarted(
      GammaGammaLikelihood full, int[] x, double[] meanSpend, double[] start) {
    int n = x.length;
    java.util.SplittableRandom random = new java.util.SplittableRandom(SAMPLE_SEED);
    int every = Math.max(1, n / SAMPLE);
    int[] sx = new int[n];
    double[] sm = new double[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextInt(every) == 0) {
        sx[k] = x[i];
        sm[k++] = meanSpend[i];
      }
    }
    GammaGammaFit warm =
        new GammaGammaFitter(maxRuns, maxEvaluations, tolerance, Integer.MAX_VALUE)
            .fit(Arrays.copyOf(sx, k), Arrays.copyOf(sm, k));
    int evaluations = warm.evaluations();
    int iterations = warm.iterations();
    int runs = warm.runs();
    GammaGammaModel w = warm.model();
    double[] from = {w.p(), w.q(), w.gamma()};
    WarmFinish.Result finish =
        WarmFinish.maximiseLikelihood(
            (p, gradient) -> full.value(p, gradient),
            q -> full.value(q, null),
            n,
            from,
            evaluations,
            maxRuns,
            maxEvaluations,
            tolerance);
    double[] p = finish.point();
    evaluations += finish.evaluations();
    iterations += finish.iterations();
    runs += finish.runs();
    boolean converged = finish.converged();
    return new GammaGammaFit(
        new GammaGammaModel(p[0], p[1], p[2]),
        full.value(p, null),
        evaluations,
        iterations,
        runs,
        converged,
        n);
  }
}
