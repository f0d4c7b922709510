package dev.care.core.consumption;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One customer's purchases and returns, in time order, in one currency, and the figures derived
 * from them. Immutable; {@link #with(ConsumptionRecord)} returns a new history.
 *
 * <p>Every derived figure is taken "as of" an instant and counts only records at or before it, so
 * the same history answers for any point in time (life-cycle inference and replay rely on this).
 *
 * <ul>
 *   <li>frequency: purchases not fully returned;
 *   <li>monetary: purchases minus returns (net spend);
 *   <li>average basket: monetary ÷ frequency, rounded half-even to the minor unit;
 *   <li>recency: time since the last purchase not fully returned.
 * </ul>
 */
public final class ConsumptionHistory {
  private static final Comparator<ConsumptionRecord> BY_TIME =
      Comparator.comparing(ConsumptionRecord::at);

  private final CustomerId customerId;
  private final Currency currency;
  private final List<ConsumptionRecord> records;

  /**
   * {@link #purchaseTimes} as of the last record or later, which is the same list for every such
   * instant (asked many times of one history by the life-cycle and care rules); null until asked.
   */
  private List<Instant> allPurchaseTimes;

  private ConsumptionHistory(
      CustomerId customerId, Currency currency, List<ConsumptionRecord> records) {
    this.customerId = customerId;
    this.currency = currency;
    this.records = records;
  }

  /**
   * An empty history.
   *
   * @param customerId whose history
   * @param currency the currency every record must use
   * @return the empty history
   */
  public static ConsumptionHistory empty(CustomerId customerId, Currency currency) {
    return new ConsumptionHistory(
        Objects.requireNonNull(customerId, "customerId"),
        Objects.requireNonNull(currency, "currency"),
        List.of());
  }

  /**
   * A history built from records in any order.
   *
   * @param customerId whose history
   * @param currency the currency
   * @param records the records
   * @return the history
   * @throws IllegalArgumentException as {@link #with(ConsumptionRecord)} does
   */
  public static ConsumptionHistory of(
      CustomerId customerId, Currency currency, List<? extends ConsumptionRecord> records) {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(currency, "currency");
    List<ConsumptionRecord> sorted = new ArrayList<>(records);
    // a stored history comes in time order already: sorted only when it is not (the sort is stable,
    // so records at the same instant keep their order either way)
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).at().isBefore(sorted.get(i - 1).at())) {
        sorted.sort(BY_TIME);
        break;
      }
    }
    // each record checked against those before it, as with() would one at a time, through an
    // index instead of a scan of the history so far
    Map<String, ConsumptionRecord> byId = new HashMap<>();
    Map<String, Money> returned = new HashMap<>();
    java.util.function.Predicate<String> idTaken = byId::containsKey;
    java.util.function.Function<String, Optional<Purchase>> purchase =
        id -> byId.get(id) instanceof Purchase p ? Optional.of(p) : Optional.empty();
    java.util.function.Function<String, Money> returnedOf =
        id -> returned.getOrDefault(id, Money.zero(currency));
    for (ConsumptionRecord r : sorted) {
      Objects.requireNonNull(r, "record");
      check(customerId, currency, r, idTaken, purchase, returnedOf);
      byId.put(r.recordId(), r);
      if (r instanceof Return ret) {
        returned.merge(ret.purchaseId(), ret.amount(), Money::plus);
      }
    }
    return new ConsumptionHistory(customerId, currency, List.copyOf(sorted));
  }

  /**
   * The history with one more record.
   *
   * @param record a purchase or return of this customer, in this currency, with a new id; a return
   *     must reference an earlier purchase and not refund more than is left of it
   * @return the new history
   * @throws IllegalArgumentException naming the record and what was wrong
   */
  public ConsumptionHistory with(ConsumptionRecord record) {
    Objects.requireNonNull(record, "record");
    check(
        customerId,
        currency,
        record,
        id -> records.stream().anyMatch(r -> r.recordId().equals(id)),
        this::purchase,
        this::returnedOf);
    List<ConsumptionRecord> next = new ArrayList<>(records);
    int i = next.size();
    while (i > 0 && next.get(i - 1).at().isAfter(record.at())) {
      i--;
    }
    next.add(i, record);
    return new ConsumptionHistory(customerId, currency, List.copyOf(next));
  }

  /**
   * Checks a record to be added to a history whose ids, purchases and refunds the functions answer:
   * this customer's, in this currency, a new id, a return of an earlier purchase not refunding more
   * than is left of it.
   */
  private static void check(
      CustomerId customerId,
      Currency currency,
      ConsumptionRecord record,
      java.util.function.Predicate<String> idTaken,
      java.util.function.Function<String, Optional<Purchase>> purchase,
      java.util.function.Function<String, Money> returnedOf) {
    if (!record.customerId().equals(customerId)) {
      throw new IllegalArgumentException(
          "record "
              + record.recordId()
              + " is for customer "
              + record.customerId()
              + ", not "
              + customerId);
    }
    if (!record.amount().currency().equals(currency)) {
      throw new IllegalArgumentException(
          "record "
              + record.recordId()
              + " is in "
              + record.amount().currency()
              + ", history is in "
              + currency);
    }
    if (idTaken.test(record.recordId())) {
      throw new IllegalArgumentException("record id " + record.recordId() + " already exists");
    }
    if (record instanceof Return ret) {
      Purchase p =
          purchase
              .apply(ret.purchaseId())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "return "
                              + ret.recordId()
                              + " references unknown purchase "
                              + ret.purchaseId()));
      if (ret.at().isBefore(p.at())) {
        throw new IllegalArgumentException(
            "return "
                + ret.recordId()
                + " at "
                + ret.at()
                + " is before its purchase at "
                + p.at());
      }
      Money left = p.amount().minus(returnedOf.apply(p.recordId()));
      if (ret.amount().compareTo(left) > 0) {
        throw new IllegalArgumentException(
            "return "
                + ret.recordId()
                + " refunds "
                + ret.amount()
                + " but only "
                + left
                + " of purchase "
                + p.recordId()
                + " is left");
      }
    }
  }

  /**
   * Whose history it is.
   *
   * @return the customer
   */
  public CustomerId customerId() {
    return customerId;
  }

  /**
   * The currency of every record.
   *
   * @return the currency
   */
  public Currency currency() {
    return currency;
  }

  /**
   * All records in time order.
   *
   * @return the records
   */
  public List<ConsumptionRecord> records() {
    return records;
  }

  /**
   * A purchase by its id.
   *
   * @param purchaseId the order id
   * @return the purchase, if recorded
   */
  public Optional<Purchase> purchase(String purchaseId) {
    for (ConsumptionRecord r : records) {
      if (r instanceof Purchase p && p.recordId().equals(purchaseId)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * What has been refunded of a purchase so far.
   *
   * @param purchaseId the order id
   * @return the total refunded, zero if none
   */
  public Money returnedOf(String purchaseId) {
    Money sum = Money.zero(currency);
    for (ConsumptionRecord r : records) {
      if (r instanceof Return ret && ret.purchaseId().equals(purchaseId)) {
        sum = sum.plus(ret.amount());
      }
    }
    return sum;
  }

  /**
   * The instants of purchases at or before {@code asOf} that were not fully returned by then, in
   * time order.
   *
   * @param asOf the point in time
   * @return the purchase instants
   */
  public List<Instant> purchaseTimes(Instant asOf) {
    boolean all = records.isEmpty() || !asOf.isBefore(records.get(records.size() - 1).at());
    if (all && allPurchaseTimes != null) {
      return allPurchaseTimes;
    }
    List<Instant> times = purchaseTimesUncached(asOf);
    if (all) {
      allPurchaseTimes = times;
    }
    return times;
  }

  private List<Instant> purchaseTimesUncached(Instant asOf) {
    Map<String, Money> returned = new HashMap<>();
    for (ConsumptionRecord r : records) {
      if (r instanceof Return ret && !ret.at().isAfter(asOf)) {
        returned.merge(ret.purchaseId(), ret.amount(), Money::plus);
      }
    }
    List<Instant> times = new ArrayList<>();
    for (ConsumptionRecord r : records) {
      if (r instanceof Purchase p && !p.at().isAfter(asOf)) {
        Money back = returned.get(p.recordId());
        boolean fullyReturned = back != null && back.equals(p.amount()) && p.amount().isPositive();
        if (!fullyReturned) {
          times.add(p.at());
        }
      }
    }
    return List.copyOf(times);
  }

  /**
   * Frequency: purchases at or before {@code asOf} not fully returned.
   *
   * @param asOf the point in time
   * @return the count
   */
  public int frequency(Instant asOf) {
    return purchaseTimes(asOf).size();
  }

  /**
   * Monetary value: net spend (purchases minus returns) at or before {@code asOf}.
   *
   * @param asOf the point in time
   * @return the net spend
   */
  public Money monetary(Instant asOf) {
    return spendBetween(Instant.MIN, asOf);
  }

  /**
   * Net spend in the half-open window {@code (from, to]}.
   *
   * @param from exclusive start
   * @param to inclusive end
   * @return purchases minus returns in the window
   */
  public Money spendBetween(Instant from, Instant to) {
    Money sum = Money.zero(currency);
    for (ConsumptionRecord r : records) {
      if (r.at().isAfter(from) && !r.at().isAfter(to)) {
        sum = r instanceof Return ? sum.minus(r.amount()) : sum.plus(r.amount());
      }
    }
    return sum;
  }

  /**
   * Average basket: net spend ÷ frequency, rounded half-even to the minor unit.
   *
   * @param asOf the point in time
   * @return the average, empty when there is no purchase
   */
  public Optional<Money> averageBasket(Instant asOf) {
    int f = frequency(asOf);
    if (f == 0) {
      return Optional.empty();
    }
    long avg =
        BigDecimal.valueOf(monetary(asOf).minorUnits())
            .divide(BigDecimal.valueOf(f), 0, RoundingMode.HALF_EVEN)
            .longValueExact();
    return Optional.of(Money.ofMinor(currency, avg));
  }

  /**
   * The first purchase at or before {@code asOf} not fully returned.
   *
   * @param asOf the point in time
   * @return its instant, if any
   */
  public Optional<Instant> firstPurchaseAt(Instant asOf) {
    List<Instant> t = purchaseTimes(asOf);
    return t.isEmpty() ? Optional.empty() : Optional.of(t.get(0));
  }

  /**
   * The last purchase at or before {@code asOf} not fully returned.
   *
   * @param asOf the point in time
   * @return its instant, if any
   */
  public Optional<Instant> lastPurchaseAt(Instant asOf) {
    List<Instant> t = purchaseTimes(asOf);
    return t.isEmpty() ? Optional.empty() : Optional.of(t.get(t.size() - 1));
  }

  /**
   * Recency: time from the last purchase to {@code asOf}.
   *
   * @param asOf the point in time
   * @return the duration, empty if there is no purchase
   */
  public Optional<Duration> recency(Instant asOf) {
    return lastPurchaseAt(asOf).map(last -> Duration.between(last, asOf));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumptionHistory h
        && h.customerId.equals(customerId)
        && h.currency.equals(currency)
        && h.records.equals(records);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerId, currency, records);
  }

  @Override
  public String toString() {
    return "ConsumptionHistory[" + customerId + ", " + records.size() + " records]";
  }
}
