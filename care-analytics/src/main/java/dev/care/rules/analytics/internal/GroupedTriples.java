package dev.care.rules.analytics.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The BG/NBD sufficient statistics of a population, grouped: each distinct {@code (x, t_x, T)}
 * triple once, with the number of customers who share it. Customers in the same cohort with the
 * same purchase pattern are common, so the likelihood is summed over far fewer terms than there are
 * customers. Distinct values of {@code x}, {@code t_x} and {@code T} are indexed as well, so the
 * expensive per-value work (log-gamma, logarithms) is done once per distinct value per evaluation.
 *
 * <p>Groups are ordered by {@code (x, t_x, T)}, so the grouping — and every sum over it — does not
 * depend on the order of the input.
 */
public final class GroupedTriples {
  final int[] xIndex;
  final int[] txIndex;
  final int[] ageIndex;
  final int[] x;
  final double[] weight;
  final int[] distinctX;
  final double[] distinctTx;
  final double[] distinctAge;
  private final long customers;

  private GroupedTriples(
      int[] xIndex,
      int[] txIndex,
      int[] ageIndex,
      int[] x,
      double[] weight,
      int[] distinctX,
      double[] distinctTx,
      double[] distinctAge,
      long customers) {
    this.xIndex = xIndex;
    this.txIndex = txIndex;
    this.ageIndex = ageIndex;
    this.x = x;
    this.weight = weight;
    this.distinctX = distinctX;
    this.distinctTx = distinctTx;
    this.distinctAge = distinctAge;
    this.customers = customers;
  }

  private record Key(int x, double tx, double age) {}

  /**
   * Groups customers' triples. The caller has validated each triple.
   *
   * @param x frequencies
   * @param tx recencies
   * @param age ages
   * @return the grouped statistics
   */
  public static GroupedTriples of(int[] x, double[] tx, double[] age) {
    int n = x.length;
    if (tx.length != n || age.length != n) {
      throw new IllegalArgumentException(
          "x, tx and age must have the same length, got "
              + n
              + ", "
              + tx.length
              + ", "
              + age.length);
    }
    Map<Key, long[]> counts = new HashMap<>(Math.max(16, n / 4));
    for (int i = 0; i < n; i++) {
      counts.computeIfAbsent(new Key(x[i], tx[i], age[i]), k -> new long[1])[0]++;
    }
    Key[] keys = counts.keySet().toArray(new Key[0]);
    Arrays.sort(
        keys,
        (p, q) -> {
          int c = Integer.compare(p.x, q.x);
          if (c == 0) {
            c = Double.compare(p.tx, q.tx);
          }
          return c != 0 ? c : Double.compare(p.age, q.age);
        });
    int g = keys.length;
    int[] gx = new int[g];
    double[] gtx = new double[g];
    double[] gage = new double[g];
    double[] w = new double[g];
    for (int i = 0; i < g; i++) {
      gx[i] = keys[i].x;
      gtx[i] = keys[i].tx;
      gage[i] = keys[i].age;
      w[i] = counts.get(keys[i])[0];
    }
    int[] dx = Arrays.stream(gx).distinct().sorted().toArray();
    double[] dtx = Arrays.stream(gtx).distinct().sorted().toArray();
    double[] dage = Arrays.stream(gage).distinct().sorted().toArray();
    int[] xi = new int[g];
    int[] txi = new int[g];
    int[] agei = new int[g];
    for (int i = 0; i < g; i++) {
      xi[i] = Arrays.binarySearch(dx, gx[i]);
      txi[i] = Arrays.binarySearch(dtx, gtx[i]);
      agei[i] = Arrays.binarySearch(dage, gage[i]);
    }
    return new GroupedTriples(xi, txi, agei, gx, w, dx, dtx, dage, n);
  }

  /**
   * Customers grouped.
   *
   * @return the number of input triples
   */
  public long customers() {
    return customers;
  }

  /**
   * Mean age {@code T}, summed in group order (so it does not depend on the input order).
   *
   * @return the mean age
   */
  public double meanAge() {
    double sum = 0;
    for (int i = 0; i < weight.length; i++) {
      sum += weight[i] * distinctAge[ageIndex[i]];
    }
    return sum / customers;
  }

  /**
   * Distinct triples.
   *
   * @return the number of groups
   */
  public int groups() {
    return x.length;
  }
}
