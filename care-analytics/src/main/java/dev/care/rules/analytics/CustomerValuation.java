package dev.care.rules.analytics;

import dev.care.core.customer.CustomerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One customer's forward-looking figures from a fitted BG/NBD and Gamma-Gamma model.
 *
 * <p>Customer lifetime value over {@code H} periods with discount rate {@code d} per period is the
 * discounted sum of the expected spend in each period:
 *
 * <pre>
 *   CLV = Σ_{k=1..H} (E[Y(k) | x, t_x, T] − E[Y(k−1) | x, t_x, T]) · E[M | x, m̄] / (1 + d)^k
 * </pre>
 *
 * where {@code E[Y(k) | …]} is {@link BgNbdModel#conditionalExpectedPurchases} and {@code E[M | …]}
 * is {@link GammaGammaModel#conditionalExpectedSpend}: purchases expected in period {@code k}, at
 * the spend expected per purchase, discounted to the calibration end (period {@code k} is
 * discounted by {@code k} periods, i.e. cash at the end of the period). Spend is assumed
 * independent of the purchase process, as the Gamma-Gamma model requires.
 *
 * <p>Value at risk is the value the customer would bring if known to be alive, times the
 * probability they are not: {@code (1 − P(alive)) · CLV / P(alive)} (since the conditional
 * expectation is {@code P(alive) ×} the expectation given alive). It ranks customers by what is
 * lost if they have slipped away, so high-value customers with a low {@code P(alive)} come first.
 *
 * @param customerId the customer
 * @param probabilityAlive P(alive) at the calibration end
 * @param expectedPurchases purchases expected over the horizon
 * @param expectedSpend spend expected per future purchase, minor units
 * @param lifetimeValue discounted CLV over the horizon, minor units
 * @param valueAtRisk {@code (1 − P(alive)) · CLV / P(alive)}, minor units
 */
public record CustomerValuation(
    CustomerId customerId,
    double probabilityAlive,
    double expectedPurchases,
    double expectedSpend,
    double lifetimeValue,
    double valueAtRisk) {
  /** Validates. */
  public CustomerValuation {
    Objects.requireNonNull(customerId, "customerId");
  }

  /**
   * Values one customer.
   *
   * @param purchases the fitted BG/NBD model (same time unit as the summary)
   * @param spend the fitted Gamma-Gamma model (minor units)
   * @param customer the customer
   * @param horizon periods ahead, {@code >= 1}
   * @param discountRate discount rate per period, {@code >= 0}
   * @return the valuation
   */
  public static CustomerValuation of(
      BgNbdModel purchases,
      GammaGammaModel spend,
      CustomerSummary customer,
      int horizon,
      double discountRate) {
    Objects.requireNonNull(purchases, "purchases");
    Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(customer, "customer");
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
    }
    if (!(discountRate >= 0) || Double.isInfinite(discountRate)) {
      throw new IllegalArgumentException(
          "discountRate must be finite and >= 0, got " + discountRate);
    }
    double m = spend.conditionalExpectedSpend(customer);
    double previous = 0;
    double clv = 0;
    for (int k = 1; k <= horizon; k++) {
      double e = purchases.conditionalExpectedPurchases(k, customer);
      clv += (e - previous) * m / Math.pow(1 + discountRate, k);
      previous = e;
    }
    double p = purchases.probabilityAlive(customer);
    return new CustomerValuation(customer.customerId(), p, previous, m, clv, (1 - p) * clv / p);
  }

  /**
   * Values every customer, in input order, in parallel — the same figures as {@link #of} for each,
   * at a fraction of the cost on a large population. The expected purchases factor as {@code E[Y(t)
   * | x, t_x, T] = N(t; x, T) · P(alive | x, t_x, T)}, and the curve {@code N} over the horizon
   * depends on {@code (x, T)} only, of which a population has far fewer distinct pairs than
   * customers: each is computed once.
   *
   * @param purchases the fitted BG/NBD model (same time unit as the summaries)
   * @param spend the fitted Gamma-Gamma model (minor units)
   * @param customers the customers
   * @param horizon periods ahead, {@code >= 1}
   * @param discountRate discount rate per period, {@code >= 0}
   * @return one valuation per customer, in the order of {@code customers}
   */
  public static List<CustomerValuation> ofAll(
      BgNbdModel purchases,
      GammaGammaModel spend,
      List<CustomerSummary> customers,
      int horizon,
      double discountRate) {
    Objects.requireNonNull(purchases, "purchases");
    Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(customers, "customers");
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
    }
    if (!(discountRate >= 0) || Double.isInfinite(discountRate)) {
      throw new IllegalArgumentException(
          "discountRate must be finite and >= 0, got " + discountRate);
    }
    record Key(int x, double age) {}
    java.util.concurrent.ConcurrentHashMap<Key, double[]> curves =
        new java.util.concurrent.ConcurrentHashMap<>();
    CustomerValuation[] out = new CustomerValuation[customers.size()];
    java.util.stream.IntStream.range(0, out.length)
        .parallel()
        .forEach(
            i -> {
              CustomerSummary c = Objects.requireNonNull(customers.get(i), "customer");
              double[] curve =
                  curves.computeIfAbsent(
                      new Key(c.frequency(), c.age()),
                      k -> curve(purchases, k.x(), k.age(), horizon, discountRate));
              double p = purchases.probabilityAlive(c);
              double m = spend.conditionalExpectedSpend(c);
              double clv = curve[0] * p * m;
              out[i] =
                  new CustomerValuation(c.customerId(), p, curve[1] * p, m, clv, (1 - p) * clv / p);
            });
    return List.of(out);
  }

  /**
   * For one {@code (x, T)}: the discounted sum of the per-period increments of {@code N(k; x, T)}
   * and {@code N(horizon; x, T)}, where {@code N} is the expectation given alive ({@code P(alive)}
   * divided out, using {@code t_x = T}).
   */
  private static double[] curve(
      BgNbdModel purchases, int x, double age, int horizon, double discountRate) {
    double tx = x == 0 ? 0 : age;
    double alive = purchases.probabilityAlive(x, tx, age);
    double previous = 0;
    double discounted = 0;
    for (int k = 1; k <= horizon; k++) {
      double n = purchases.conditionalExpectedPurchases(k, x, tx, age) / alive;
      discounted += (n - previous) / Math.pow(1 + discountRate, k);
      previous = n;
    }
    return new double[] {discounted, previous};
  }

  /**
   * Values every repeat customer (frequency ≥ 1; the Gamma-Gamma model needs a repeat purchase) and
   * ranks them by value at risk, highest first, ties by customer id: the customers most worth a
   * win-back effort come first.
   *
   * @param purchases the fitted BG/NBD model
   * @param spend the fitted Gamma-Gamma model
   * @param customers the summaries the models were fitted on (or scored with)
   * @param horizon periods ahead, {@code >= 1}
   * @param discountRate discount rate per period, {@code >= 0}
   * @return the ranking
   */
  public static List<CustomerValuation> rankByValueAtRisk(
      BgNbdModel purchases,
      GammaGammaModel spend,
      List<CustomerSummary> customers,
      int horizon,
      double discountRate) {
    List<CustomerValuation> ranked = new ArrayList<>();
    for (CustomerSummary c : customers) {
      if (c.frequency() > 0) {
        ranked.add(of(purchases, spend, c, horizon, discountRate));
      }
    }
    ranked.sort(
        Comparator.comparingDouble(CustomerValuation::valueAtRisk)
            .reversed()
            .thenComparing(CustomerValuation::customerId));
    return ranked;
  }
}
