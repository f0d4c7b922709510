package dev.care.rules.analytics;

import dev.care.rules.analytics.internal.Hypergeometric;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model of repeat buying (Fader, Hardie &amp; Lee 2005): while alive, a customer buys as
 * a Poisson process with rate {@code λ ~ Gamma(shape r, rate α)}; after each repeat purchase they
 * drop out for good with probability {@code p ~ Beta(a, b)}. Time is in the periods of the {@link
 * PeriodUnit} the summaries were built with, so {@code α} is in those periods.
 *
 * <p>All formulas are evaluated in log space where sums of exponentials appear; {@link
 * #conditionalExpectedPurchases} uses the Gauss hypergeometric function {@code 2F1} (series summed
 * to relative accuracy {@code 1e-15}). The expectations divide by {@code a − 1}, so they are not
 * defined at exactly {@code a = 1}; they are well defined on both sides of it.
 *
 * @param r shape of the purchase-rate gamma, {@code > 0}
 * @param alpha scale of the purchase-rate gamma, {@code > 0}
 * @param a first shape of the dropout beta, {@code > 0}
 * @param b second shape of the dropout beta, {@code > 0}
 */
public record BgNbdModel(double r, double alpha, double a, double b) {
  /** Validates the parameters. */
  public BgNbdModel {
    requirePositive("r", r);
    requirePositive("alpha", alpha);
    requirePositive("a", a);
    requirePositive("b", b);
  }

  static void requirePositive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
    }
  }

  private static void requireHorizon(double t) {
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("t must be finite and >= 0, got " + t);
    }
  }

  /**
   * One customer's log-likelihood {@code ln L(r, α, a, b | x, t_x, T)} (FHL 2005, eq. 6).
   *
   * @param x frequency
   * @param tx recency
   * @param age {@code T}
   * @return the log-likelihood
   */
  public double logLikelihood(int x, double tx, double age) {
    CustomerSummary.checkTriple(x, tx, age);
    double a1 = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
    double a2 =
        Gamma.logGamma(a + b)
            + Gamma.logGamma(b + x)
            - Gamma.logGamma(b)
            - Gamma.logGamma(a + b + x);
    double a3 = -(r + x) * Math.log(alpha + age);
    if (x == 0) {
      return a1 + a2 + a3;
    }
    double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
    double m = Math.max(a3, a4);
    return a1 + a2 + m + Math.log1p(Math.exp(Math.min(a3, a4) - m));
  }

  /**
   * Probability that a customer with this history is still alive at the end of the calibration
   * period (FHL 2005, eq. 11):
   *
   * <pre>
   *   P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))
   * </pre>
   *
   * A customer without repeat purchase ({@code x = 0}) has {@code P(alive) = 1} in this model —
   * dropout can only follow a repeat purchase; see {@link AliveProbabilityLifecyclePolicy} for how
   * such customers are treated.
   *
   * @param x frequency
   * @param tx recency
   * @param age {@code T}
   * @return the probability, in {@code (0, 1]}
   */
  public double probabilityAlive(int x, double tx, double age) {
    CustomerSummary.checkTriple(x, tx, age);
    if (x == 0) {
      return 1;
    }
    double logOdds =
        Math.log(a)
            - Math.log(b + x - 1)
            + (r + x) * (Math.log(alpha + age) - Math.log(alpha + tx));
    return 1 / (1 + Math.exp(logOdds));
  }

  /**
   * {@link #probabilityAlive(int, double, double)} for a summary.
   *
   * @param c the customer
   * @return the probability
   */
  public double probabilityAlive(CustomerSummary c) {
    return probabilityAlive(c.frequency(), c.recency(), c.age());
  }

  /**
   * Expected repeat purchases of a randomly chosen new customer in {@code (0, t]} (FHL 2005, eq.
   * 9):
   *
   * <pre>
   *   E[X(t)] = (a + b − 1)/(a − 1) · [1 − (α/(α + t))^r · 2F1(r, b; a + b − 1; t/(α + t))]
   * </pre>
   *
   * @param t periods, {@code >= 0}
   * @return the expectation
   */
  public double expectedPurchases(double t) {
    requireHorizon(t);
    if (t == 0) {
      return 0;
    }
    double z = t / (alpha + t);
    double log = r * Math.log(alpha / (alpha + t)) + Hypergeometric.log2F1(r, b, a + b - 1, z);
    return (a + b - 1) / (a - 1) * -Math.expm1(log);
  }

  /**
   * The population curve {@code E[X(t)]} at {@code t = 1, 2, …, periods}.
   *
   * @param periods how many points, {@code >= 0}
   * @return a new array; element {@code i} is {@code E[X(i + 1)]}
   */
  public double[] expectedPurchasesCurve(int periods) {
    if (periods < 0) {
      throw new IllegalArgumentException("periods must be >= 0, got " + periods);
    }
    double[] out = new double[periods];
    for (int i = 0; i < periods; i++) {
      out[i] = expectedPurchases(i + 1);
    }
    return out;
  }

  /**
   * Expected purchases in the next {@code t} periods after the calibration end, for a customer with
   * this history (FHL 2005, eq. 10):
   *
   * <pre>
   *   E[Y(t) | x, t_x, T] =
   *       (a + b + x − 1)/(a − 1)
   *         · [1 − ((α + T)/(α + T + t))^(r + x) · 2F1(r + x, b + x; a + b + x − 1; t/(α + T + t))]
   *       / (1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x))
   * </pre>
   *
   * @param t periods ahead, {@code >= 0}
   * @param x frequency
   * @param tx recency
   * @param age {@code T}
   * @return the expectation
   */
  public double conditionalExpectedPurchases(double t, int x, double tx, double age) {
    requireHorizon(t);
    CustomerSummary.checkTriple(x, tx, age);
    if (t == 0) {
      return 0;
    }
    double z = t / (alpha + age + t);
    double log =
        (r + x) * Math.log((alpha + age) / (alpha + age + t))
            + Hypergeometric.log2F1(r + x, b + x, a + b + x - 1, z);
    double numerator = (a + b + x - 1) / (a - 1) * -Math.expm1(log);
    return numerator * probabilityAlive(x, tx, age);
  }

  /**
   * {@link #conditionalExpectedPurchases(double, int, double, double)} for a summary.
   *
   * @param t periods ahead
   * @param c the customer
   * @return the expectation
   */
  public double conditionalExpectedPurchases(double t, CustomerSummary c) {
    return conditionalExpectedPurchases(t, c.frequency(), c.recency(), c.age());
  }
}
