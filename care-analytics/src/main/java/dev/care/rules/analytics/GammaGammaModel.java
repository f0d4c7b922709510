package dev.care.rules.analytics;

import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of spend per transaction (Fader &amp; Hardie 2013): each transaction's
 * value is {@code Gamma(shape p, rate ν)}, and across customers {@code ν ~ Gamma(shape q, rate γ)}.
 * Spend is assumed independent of the purchase process. Amounts are in whatever unit the model was
 * fitted in (minor units when fitted from {@link CustomerSummary#averageRepeatSpend()}).
 *
 * @param p shape of the per-transaction gamma, {@code > 0}
 * @param q shape of the across-customer gamma, {@code > 0}
 * @param gamma rate of the across-customer gamma (a spend scale), {@code > 0}
 */
public record GammaGammaModel(double p, double q, double gamma) {
  /** Validates the parameters. */
  public GammaGammaModel {
    BgNbdModel.requirePositive("p", p);
    BgNbdModel.requirePositive("q", q);
    BgNbdModel.requirePositive("gamma", gamma);
  }

  private static void check(int x, double meanSpend) {
    if (x < 1) {
      throw new IllegalArgumentException("x must be >= 1, got " + x);
    }
    if (!(meanSpend >= 0) || Double.isInfinite(meanSpend)) {
      throw new IllegalArgumentException("meanSpend must be finite and >= 0, got " + meanSpend);
    }
  }

  /**
   * Log-density of a customer's mean spend {@code m̄} over {@code x} transactions:
   *
   * <pre>
   *   ln f = lnΓ(px + q) − lnΓ(px) − lnΓ(q) + q ln γ + (px − 1) ln m̄ + px ln x − (px + q) ln(γ + m̄ x)
   * </pre>
   *
   * @param x transactions averaged, {@code >= 1}
   * @param meanSpend their mean, {@code > 0}
   * @return the log-density
   */
  public double logLikelihood(int x, double meanSpend) {
    check(x, meanSpend);
    if (meanSpend == 0) {
      throw new IllegalArgumentException("meanSpend must be > 0 for the likelihood, got 0.0");
    }
    double px = p * x;
    return Gamma.logGamma(px + q)
        - Gamma.logGamma(px)
        - Gamma.logGamma(q)
        + q * Math.log(gamma)
        + (px - 1) * Math.log(meanSpend)
        + px * Math.log(x)
        - (px + q) * Math.log(gamma + meanSpend * x);
  }

  /**
   * Population mean spend per transaction, {@code p γ / (q − 1)}.
   *
   * @return the mean, or {@code +∞} when {@code q <= 1} (the mean does not exist)
   */
  public double meanSpend() {
    return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
  }

  /**
   * Expected spend per transaction for a customer with {@code x} repeat transactions of mean {@code
   * m̄} (Fader &amp; Hardie 2013, eq. 5): a weighted average of the population mean and the
   * customer's own mean,
   *
   * <pre>
   *   E[M | p, q, γ, m̄, x] = p (γ + m̄ x) / (p x + q − 1)
   * </pre>
   *
   * For {@code x = 0} it is the population mean.
   *
   * @param x repeat transactions, {@code >= 0}
   * @param meanSpend their mean, {@code >= 0} (ignored when {@code x = 0})
   * @return the expectation; {@code +∞} when {@code p x + q <= 1}
   */
  public double conditionalExpectedSpend(int x, double meanSpend) {
    if (x == 0) {
      return meanSpend();
    }
    check(x, meanSpend);
    double denominator = p * x + q - 1;
    return denominator > 0 ? p * (gamma + meanSpend * x) / denominator : Double.POSITIVE_INFINITY;
  }

  /**
   * {@link #conditionalExpectedSpend(int, double)} for a summary, in minor units.
   *
   * @param c the customer
   * @return the expected spend per future transaction
   */
  public double conditionalExpectedSpend(CustomerSummary c) {
    return conditionalExpectedSpend(c.frequency(), c.averageRepeatSpend());
  }
}
