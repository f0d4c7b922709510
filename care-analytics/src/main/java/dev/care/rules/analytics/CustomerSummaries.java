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
   * Summarises transactions held in columns — one row per transaction as a customer number, an
   * epoch day and an amount — without an object per row, in parallel over customers. Same
   * conventions and result as {@link #of(Collection, LocalDate, PeriodUnit)}: transactions of one
   * customer on one day are one occasion; rows after {@code calibrationEnd} are ignored; customers
   * without a row on or before it are left out; the result is ordered by customer id.
   *
   * @param ids the customers, indexed by the customer numbers of the rows
   * @param customer each row's customer number, in {@code [0, ids.size())}
   * @param epochDay each row's day ({@link LocalDate#toEpochDay()})
   * @param amountMinor each row's amount in minor units, {@code >= 0}
   * @param rows how many rows of the arrays are used
   * @param calibrationEnd the last day of the calibration period (inclusive)
   * @param unit the time unit of {@code t_x} and {@code T}
   * @return one summary per customer with a purchase on or before {@code calibrationEnd}
   * @throws IllegalArgumentException naming the row and the value that is out of range
   */
  public static List<CustomerSummary> ofColumns(
      List<CustomerId> ids,
      int[] customer,
      int[] epochDay,
      long[] amountMinor,
      int rows,
      LocalDate calibrationEnd,
      PeriodUnit unit) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(epochDay, "epochDay");
    Objects.requireNonNull(amountMinor, "amountMinor");
    Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    Objects.requireNonNull(unit, "unit");
    if (rows < 0 || rows > customer.length || rows > epochDay.length || rows > amountMinor.length) {
      throw new IllegalArgumentException(
          "rows must be in [0, the shortest column's length], got " + rows);
    }
    int n = ids.size();
    long end = calibrationEnd.toEpochDay();
    // counting sort of the rows by customer: each customer's rows become one slice
    int[] start = new int[n + 1];
    for (int i = 0; i < rows; i++) {
      int c = customer[i];
      if (c < 0 || c >= n) {
        throw new IllegalArgumentException(
            "customer of row " + i + " must be in [0, " + n + "), got " + c);
      }
      if (amountMinor[i] < 0) {
        throw new IllegalArgumentException(
            "amountMinor of row " + i + " must be >= 0, got " + amountMinor[i]);
      }
      start[c + 1]++;
    }
    for (int c = 0; c < n; c++) {
      start[c + 1] += start[c];
    }
    int[] next = java.util.Arrays.copyOf(start, n);
    int[] days = new int[rows];
    long[] amounts = new long[rows];
    for (int i = 0; i < rows; i++) {
      int at = next[customer[i]]++;
      days[at] = epochDay[i];
      amounts[at] = amountMinor[i];
    }
    int[] order = byId(ids);
    CustomerSummary[] out = new CustomerSummary[n];
    java.util.stream.IntStream.range(0, n)
        .parallel()
        .forEach(
            k ->
                out[k] =
                    summary(
                        ids.get(order[k]),
                        days,
                        amounts,
                        start[order[k]],
                        start[order[k] + 1],
                        end,
                        unit));
    List<CustomerSummary> list = new ArrayList<>(n);
    for (CustomerSummary c : out) {
      if (c != null) {
        list.add(c);
      }
    }
    return java.util.Collections.unmodifiableList(list);
  }

  /** Customer numbers in id order; no sort when the ids already come in order. */
  private static int[] byId(List<CustomerId> ids) {
    int n = ids.size();
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = ids.get(i - 1).compareTo(ids.get(i)) <= 0;
    }
    if (sorted) {
      return java.util.stream.IntStream.range(0, n).toArray();
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.parallelSort(order, (a, b) -> ids.get(a).compareTo(ids.get(b)));
    return java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  /** One customer's summary from its slice of rows, sorting the slice by day when it is not. */
  private static CustomerSummary summary(
      CustomerId id, int[] days, long[] amounts, int from, int to, long end, PeriodUnit unit) {
    for (int i = from + 1; i < to; i++) { // insertion sort: slices are short and mostly sorted
      int d = days[i];
      long a = amounts[i];
      int j = i - 1;
      while (j >= from && days[j] > d) {
        days[j + 1] = days[j];
        amounts[j + 1] = amounts[j];
        j--;
      }
      days[j + 1] = d;
      amounts[j + 1] = a;
    }
    int occasions = 0;
    long first = Long.MIN_VALUE;
    long last = Long.MIN_VALUE;
    long total = 0;
    long firstAmount = 0;
    for (int i = from; i < to && days[i] <= end; i++) {
      if (occasions == 0) {
        first = days[i];
        occasions = 1;
      } else if (days[i] != last) {
        occasions++;
      }
      if (days[i] == first) {
        firstAmount = Math.addExact(firstAmount, amounts[i]);
      }
      last = days[i];
      total = Math.addExact(total, amounts[i]);
    }
    if (occasions == 0) {
      return null;
    }
    return new CustomerSummary(
        id,
        occasions - 1,
        unit.fromDays(last - first),
        unit.fromDays(end - first),
        total,
        total - firstAmount,
        LocalDate.ofEpochDay(first),
        LocalDate.ofEpochDay(last));
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
