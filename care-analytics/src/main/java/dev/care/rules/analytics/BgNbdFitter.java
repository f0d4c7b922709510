package dev.care.rules.analytics;

import dev.care.rules.analytics.internal.BgNbdLikelihood;
import dev.care.rules.analytics.internal.GroupedTriples;
import dev.care.rules.analytics.internal.LogSpaceMinimizer;
import dev.care.rules.analytics.internal.WarmFinish;
import java.util.Collection;
import java.util.Objects;

/**
 * Fits the {@link BgNbdModel} by maximum likelihood. Immutable and thread-safe.
 *
 * <p>Method: customers are grouped by identical {@code (x, t_x, T)} triple (the likelihood only
 * depends on those), the log-likelihood is summed over the groups — in parallel chunks on the
 * common fork-join pool for large populations — and {@code −LL / N} is minimised over {@code (ln r,
 * ln α, ln a, ln b)} by Hipparchus' Nelder–Mead simplex, restarted from the best point until a
 * restart no longer improves the value (see {@code LogSpaceMinimizer}). The start is {@code r = a =
 * b = 1} and {@code α} = the mean age {@code T} (α is a time scale). The result is deterministic
 * for given data, whatever the input order.
 *
 * <p>From {@value #WARM_START_CUSTOMERS} customers on, that search runs on a random sample of about
 * {@value #SAMPLE} of them (fixed seed), and BFGS with the exact gradient finishes on the whole
 * population from the sample's fit (a few dozen evaluations instead of hundreds; it stops when the
 * gradient of {@code −LL / N} in log space is below {@code 1e-9}); should it not converge,
 * Nelder–Mead finishes. The evaluations reported include the sample's.
 */
public final class BgNbdFitter {
  /** From this many customers on, the fit is warm-started from a sample's. */
  static final int WARM_START_CUSTOMERS = 200_000;

  /** Customers in the warm-start sample, about. */
  static final int SAMPLE = 50_000;

  /** The seed of the warm-start sample (fixed: the fit is deterministic). */
  static final long SAMPLE_SEED = 20261205L;

  private final int maxRuns;
  private final int maxEvaluations;
  private final double tolerance;
  private final boolean parallel;
  private final int warmStartFrom;

  private BgNbdFitter(
      int maxRuns, int maxEvaluations, double tolerance, boolean parallel, int warmStartFrom) {
    this.warmStartFrom = warmStartFrom;
    this.maxRuns = maxRuns;
    this.maxEvaluations = maxEvaluations;
    this.tolerance = tolerance;
    this.parallel = parallel;
  }

  /**
   * Defaults: at most 8 Nelder–Mead runs, 20,000 evaluations, relative tolerance {@code 1e-10},
   * parallel sums on.
   *
   * @return the fitter
   */
  public static BgNbdFitter defaults() {
    return new BgNbdFitter(8, 20_000, 1e-10, true, WARM_START_CUSTOMERS);
  }

  /**
   * A fitter with a different run budget.
   *
   * @param maxRuns Nelder–Mead runs at most (first run plus restarts), {@code >= 2}
   * @return the new fitter
   */
  public BgNbdFitter withMaxRuns(int maxRuns) {
    if (maxRuns < 2) {
      throw new IllegalArgumentException("maxRuns must be >= 2, got " + maxRuns);
    }
    return new BgNbdFitter(maxRuns, maxEvaluations, tolerance, parallel, warmStartFrom);
  }

  /**
   * A fitter with a different evaluation budget.
   *
   * @param maxEvaluations likelihood evaluations at most, {@code >= 100}
   * @return the new fitter
   */
  public BgNbdFitter withMaxEvaluations(int maxEvaluations) {
    if (maxEvaluations < 100) {
      throw new IllegalArgumentException("maxEvaluations must be >= 100, got " + maxEvaluations);
    }
    return new BgNbdFitter(maxRuns, maxEvaluations, tolerance, parallel, warmStartFrom);
  }

  /**
   * A fitter with a different stopping tolerance.
   *
   * @param tolerance relative improvement below which a restart counts as no improvement, in {@code
   *     (0, 1e-3]}
   * @return the new fitter
   */
  public BgNbdFitter withTolerance(double tolerance) {
    if (!(tolerance > 0 && tolerance <= 1e-3)) {
      throw new IllegalArgumentException("tolerance must be in (0, 1e-3], got " + tolerance);
    }
    return new BgNbdFitter(maxRuns, maxEvaluations, tolerance, parallel, warmStartFrom);
  }

  /**
   * A fitter that does or does not sum large populations in parallel.
   *
   * @param parallel whether to use the common fork-join pool
   * @return the new fitter
   */
  public BgNbdFitter withParallel(boolean parallel) {
    return new BgNbdFitter(maxRuns, maxEvaluations, tolerance, parallel, warmStartFrom);
  }

  /**
   * A fitter that warm-starts from a different population size on (for tests: {@code
   * Integer.MAX_VALUE} never, a small number always).
   *
   * @param customers the smallest population fitted from a sample's fit, {@code >= 1}
   * @return the new fitter
   */
  BgNbdFitter withWarmStartFrom(int customers) {
    if (customers < 1) {
      throw new IllegalArgumentException("customers must be >= 1, got " + customers);
    }
    return new BgNbdFitter(maxRuns, maxEvaluations, tolerance, parallel, customers);
  }

  /**
   * Fits the model to customer summaries.
   *
   * @param customers at least one customer, and at least one with a repeat purchase
   * @return the fit
   * @throws IllegalArgumentException when the data cannot identify the model
   */
  public BgNbdFit fit(Collection<CustomerSummary> customers) {
    Objects.requireNonNull(customers, "customers");
    int n = customers.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] age = new double[n];
    int i = 0;
    for (CustomerSummary c : customers) {
      Objects.requireNonNull(c, "customer");
      x[i] = c.frequency();
      tx[i] = c.recency();
      age[i] = c.age();
      i++;
    }
    return fit(x, tx, age);
  }

  /**
   * Fits the model to raw triples, one per customer.
   *
   * @param x frequencies
   * @param tx recencies
   * @param age ages {@code T}
   * @return the fit
   * @throws IllegalArgumentException naming the customer index, field and value of a bad triple, or
   *     when the data cannot identify the model
   */
  public BgNbdFit fit(int[] x, double[] tx, double[] age) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(age, "age");
    if (x.length != tx.length || x.length != age.length) {
      throw new IllegalArgumentException(
          "x, tx and age must have the same length, got "
              + x.length
              + ", "
              + tx.length
              + ", "
              + age.length);
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("customers must not be empty");
    }
    boolean anyRepeat = false;
    double ageSum = 0;
    for (int i = 0; i < x.length; i++) {
      try {
        CustomerSummary.checkTriple(x[i], tx[i], age[i]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("customer #" + i + ": " + e.getMessage(), e);
      }
      anyRepeat |= x[i] > 0;
      ageSum += age[i];
    }
    if (!anyRepeat) {
      throw new IllegalArgumentException(
          "customers: no customer has a repeat purchase (every frequency is 0); BG/NBD cannot be"
              + " fitted");
    }
    if (!(ageSum > 0)) {
      throw new IllegalArgumentException("customers: every age T is 0; BG/NBD cannot be fitted");
    }
    GroupedTriples data = GroupedTriples.of(x, tx, age);
    BgNbdLikelihood ll = new BgNbdLikelihood(data, parallel);
    double n = x.length;
    double[] start = {1, data.meanAge(), 1, 1};
    if (x.length >= warmStartFrom) {
      return warmStarted(data, ll, start);
    }
    LogSpaceMinimizer.Result res =
        LogSpaceMinimizer.minimize(
            p -> -ll.value(p[0], p[1], p[2], p[3]) / n, start, maxRuns, maxEvaluations, tolerance);
    double[] p = res.point();
    BgNbdModel model = new BgNbdModel(p[0], p[1], p[2], p[3]);
    return new BgNbdFit(
        model,
        ll.value(p[0], p[1], p[2], p[3]),
        res.evaluations(),
        res.iterations(),
        res.runs(),
        res.converged(),
        data.customers(),
        data.groups());
  }

  /**
   * A large population: Nelder–Mead (as for a small one) on a random sample of about {@link
   * #SAMPLE} customers, then BFGS with the exact gradient on the whole population from there — a
   * few dozen evaluations of the full likelihood instead of hundreds. Should the gradient search
   * not converge, Nelder–Mead finishes on the whole population from the best point.
   */
  private BgNbdFit warmStarted(GroupedTriples data, BgNbdLikelihood ll, double[] start) {
    double n = data.customers();
    GroupedTriples sample = data.sample((int) Math.max(1, data.customers() / SAMPLE), SAMPLE_SEED);
    BgNbdLikelihood sll = new BgNbdLikelihood(sample, parallel);
    double sn = sample.customers();
    LogSpaceMinimizer.Result warm =
        LogSpaceMinimizer.minimize(
            p -> -sll.value(p[0], p[1], p[2], p[3]) / sn,
            start,
            maxRuns,
            maxEvaluations,
            tolerance);
    int evaluations = warm.evaluations();
    int iterations = warm.iterations();
    int runs = warm.runs();
    double[] from = Double.isFinite(warm.value()) ? warm.point() : start;
    WarmFinish.Result finish =
        WarmFinish.maximiseLikelihood(
            (p, gradient) -> ll.valueAndGradient(p[0], p[1], p[2], p[3], gradient),
            q -> ll.value(q[0], q[1], q[2], q[3]),
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
    return new BgNbdFit(
        new BgNbdModel(p[0], p[1], p[2], p[3]),
        ll.value(p[0], p[1], p[2], p[3]),
        evaluations,
        iterations,
        runs,
        converged,
        data.customers(),
        data.groups());
  }
}
