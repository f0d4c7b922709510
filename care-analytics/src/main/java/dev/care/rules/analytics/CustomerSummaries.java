package dev.care.rules.analytics;

import dev.care.core.customer.CustomerId;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns transactions into one {@link CustomerSummary} per customer.
 *
 * <p>Conventions: transactions of one customer on the same day are one occasion (amounts summed);
 * transactions after {@code calibrationEnd} are ignored; {@code x} counts occasions after the
 * first; {@code t_x} = days from first to last occasion, {@code T} = days from first occasion to
 * {@code calibrationEnd}, both divided by {@link PeriodUnit#days()}. A customer whose first
 * purchase is on the calibration end has {@code T = 0}.
 */
public final class CustomerSummaries {
  private CustomerSummaries() {}

  /**
   * Summarises transactions.
   *
   * @param transactions purchases in any order
   * @param calibrationEnd the last day of the calibration period (inclusive)
   * @param unit the time unit of {@code t_x} and {@code T}
   * @return one summary per customer with a purchase on or before {@code calibrationEnd}, ordered
   *     by customer id
   */
  public static List<CustomerSummary> of(
      Collection<Transaction> transactions, LocalDate calibrationEnd, PeriodUnit unit) {
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    Objects.requireNonNull(unit, "unit");
    Map<CustomerId, TreeMap<LocalDate, Long>> byCustomer = new TreeMap<>();
    for (Transaction t : transactions) {
      Objects.requireNonNull(t, "transaction");
      if (t.date().isAfter(calibrationEnd)) {
        continue;
      }
      byCustomer
          .computeIfAbsent(t.customerId(), k -> new TreeMap<>())
          .merge(t.date(), t.amountMinor(), Math::addExact);
    }
    List<CustomerSummary> out = new ArrayList<>(byCustomer.size());
    for (Map.Entry<CustomerId, TreeMap<LocalDate, Long>> e : byCustomer.entrySet()) {
      TreeMap<LocalDate, Long> days = e.getValue();
      LocalDate first = days.firstKey();
      LocalDate last = days.lastKey();
      long total = 0;
      for (long amount : days.values()) {
        total = Math.addExact(total, amount);
      }
      long repeat = total - days.firstEntry().getValue();
      out.add(
          new CustomerSummary(
              e.getKey(),
              days.size() - 1,
              unit.fromDays(ChronoUnit.DAYS.between(first, last)),
              unit.fromDays(ChronoUnit.DAYS.between(first, calibrationEnd)),
              total,
              repeat,
              first,
              last));
    }
    return List.copyOf(out);
  }

  /**
   * The latest transaction day, the natural calibration end when none is given.
   *
   * @param transactions at least one transaction
   * @return the latest date
   * @throws IllegalArgumentException when there are no transactions
   */
  public static LocalDate latestDate(Collection<Transaction> transactions) {
    Objects.requireNonNull(transactions, "transactions");
    LocalDate latest = null;
    for (Transaction t : transactions) {
      if (latest == null || t.date().isAfter(latest)) {
        latest = t.date();
      }
    }
    if (latest == null) {
      throw new IllegalArgumentException("transactions must not be empty");
    }
    return latest;
  }
}
