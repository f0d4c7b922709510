package dev.care.rules.analytics;

import dev.care.rules.analytics.internal.LongTable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores customers by recency, frequency and monetary value in quintiles, and names their segment.
 *
 * <p>Each dimension is scored by rank within the population: a customer's score is {@code 1 + ⌊5 ·
 * w / n⌋}, where {@code n} is the number of customers and {@code w} the number of customers
 * strictly worse on that dimension. Ties therefore get the same score — the score of the tied
 * group's lowest position — whatever the input order, and a dimension in which everybody is equal
 * scores everybody 1. Quintiles are as even as the ties allow. The dimensions are: recency = days
 * from the last purchase to {@code asOf} (fewer is better), frequency = purchase occasions,
 * monetary = total spend in minor units.
 */
public final class RfmScorer {
  private RfmScorer() {}

  /**
   * Scores a population.
   *
   * @param customers the customers (the population the quintiles are taken over)
   * @param asOf the day recency is measured to, not before any customer's last purchase
   * @return one score per customer, in input order
   */
  public static List<RfmScore> score(List<CustomerSummary> customers, LocalDate asOf) {
    Objects.requireNonNull(customers, "customers");
    Objects.requireNonNull(asOf, "asOf");
    int n = customers.size();
    long[] recency = new long[n];
    long[] frequency = new long[n];
    long[] monetary = new long[n];
    for (int i = 0; i < n; i++) {
      CustomerSummary c = Objects.requireNonNull(customers.get(i), "customer");
      long days = ChronoUnit.DAYS.between(c.lastPurchase(), asOf);
      if (days < 0) {
        throw new IllegalArgumentException(
            "asOf " + asOf + " is before customer " + c.customerId() + "'s last purchase");
      }
      recency[i] = -days;
      frequency[i] = c.occasions();
      monetary[i] = c.totalSpendMinor();
    }
    int[] r = quintiles(recency);
    int[] f = quintiles(frequency);
    int[] m = quintiles(monetary);
    List<RfmScore> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int fm = (f[i] + m[i] + 1) / 2;
      out.add(
          new RfmScore(customers.get(i).customerId(), r[i], f[i], m[i], RfmSegment.of(r[i], fm)));
    }
    return List.copyOf(out);
  }

  /**
   * Quintile scores, higher values better: {@code 1 + ⌊5 · (values strictly below) / n⌋}.
   *
   * @param values the values
   * @return the scores, 1–5
   */
  static int[] quintiles(long[] values) {
    int n = values.length;
    // 1 + ⌊5w/n⌋ ≥ 1 + k exactly when w ≥ ⌈kn/5⌉, i.e. when the value is above the one at that
    // position in sorted order: four comparisons per value instead of a search
    int[] positions = new int[4];
    for (int k = 1; k <= 4; k++) {
      positions[k - 1] = (int) ((k * (long) n + 4) / 5);
    }
    long[] at = valuesAt(values, positions);
    long[] above = new long[4];
    boolean[] always = new boolean[4];
    for (int k = 0; k < 4; k++) {
      always[k] = positions[k] == 0;
      above[k] = at[k];
    }
    int[] out = new int[n];
    java.util.stream.IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              long v = values[i];
              int score = 1;
              for (int k = 0; k < 4; k++) {
                if (always[k] || v > above[k]) {
                  score++;
                }
              }
              out[i] = score;
            });
    return out;
  }

  /**
   * The values at 1-based positions in sorted order ({@code 0} for position 0): by counting the
   * distinct values when they are few (days, occasions), else by sorting a copy.
   */
  private static long[] valuesAt(long[] values, int[] positions) {
    long[] out = new long[positions.length];
    LongTable counts = new LongTable();
    for (long v : values) {
      counts.count(v);
      if (counts.size() > values.length / 8 + 64) {
        long[] sorted = values.clone();
        Arrays.parallelSort(sorted);
        for (int k = 0; k < positions.length; k++) {
          out[k] = positions[k] == 0 ? 0 : sorted[positions[k] - 1];
        }
        return out;
      }
    }
    long[] distinct = counts.keys();
    Arrays.sort(distinct);
    for (int k = 0; k < positions.length; k++) {
      long seen = 0;
      for (long v : distinct) {
        seen += counts.get(v);
        if (seen >= positions[k]) {
          out[k] = v;
          break;
        }
      }
    }
    return out;
  }
}
