package dev.care.rules.analytics.internal;

import java.util.Arrays;

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

  /**
   * Groups customers' triples. The caller has validated each triple.
   *
   * <p>Without an object per customer: the distinct values of each field are found by hashing and
   * sorted, each customer's triple becomes one {@code long} of its three value ranks (which orders
   * as the triples do), and the distinct keys, counted by hashing, are sorted.
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
    LongTable xRanks = new LongTable();
    LongTable txRanks = new LongTable();
    LongTable ageRanks = new LongTable();
    for (int i = 0; i < n; i++) {
      xRanks.count(x[i]);
      txRanks.count(Double.doubleToLongBits(tx[i]));
      ageRanks.count(Double.doubleToLongBits(age[i]));
    }
    int[] dx = Arrays.stream(xRanks.keys()).mapToInt(v -> (int) v).sorted().toArray();
    for (int i = 0; i < dx.length; i++) {
      xRanks.set(dx[i], i);
    }
    double[] dtx = sortedRanks(txRanks);
    double[] dage = sortedRanks(ageRanks);
    int ageBits = bits(dage.length);
    int txBits = bits(dtx.length);
    if (bits(dx.length) + txBits + ageBits > 63) {
      throw new IllegalArgumentException(
          "too many distinct values to group: "
              + dx.length
              + " frequencies, "
              + dtx.length
              + " recencies, "
              + dage.length
              + " ages");
    }
    LongTable counts = new LongTable();
    for (int i = 0; i < n; i++) {
      counts.count(
          ((long) xRanks.get(x[i]) << (txBits + ageBits))
              | ((long) txRanks.get(Double.doubleToLongBits(tx[i])) << ageBits)
              | ageRanks.get(Double.doubleToLongBits(age[i])));
    }
    long[] keys = counts.keys();
    Arrays.sort(keys);
    int g = keys.length;
    int[] gx = new int[g];
    double[] w = new double[g];
    int[] xi = new int[g];
    int[] txi = new int[g];
    int[] agei = new int[g];
    long txMask = (1L << txBits) - 1;
    long ageMask = (1L << ageBits) - 1;
    for (int k = 0; k < g; k++) {
      long key = keys[k];
      xi[k] = (int) (key >>> (txBits + ageBits));
      txi[k] = (int) ((key >>> ageBits) & txMask);
      agei[k] = (int) (key & ageMask);
      gx[k] = dx[xi[k]];
      w[k] = counts.get(key);
    }
    return new GroupedTriples(xi, txi, agei, gx, w, dx, dtx, dage, n);
  }

  /** Bits to hold a rank below {@code count}. */
  private static int bits(int count) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(count, 1) - 1));
  }

  /**
   * The distinct values (as {@link Double#doubleToLongBits} keys) in {@link Double#compare} order,
   * as {@link Arrays#binarySearch} would find them; each key's value set to its rank.
   */
  private static double[] sortedRanks(LongTable table) {
    double[] sorted = Arrays.stream(table.keys()).mapToDouble(Double::longBitsToDouble).toArray();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      table.set(Double.doubleToLongBits(sorted[i]), i);
    }
    return sorted;
  }

  /**
   * A random sample of about one customer in {@code every}: each customer of each group is kept
   * with probability {@code 1 / every}, drawn in group order from {@code seed}, so the sample
   * depends only on the data, not on the input order. Groups left empty are dropped.
   *
   * @param every the sampling ratio, {@code >= 1}
   * @param seed the random seed
   * @return the sample, at least one customer
   */
  public GroupedTriples sample(int every, long seed) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be >= 1, got " + every);
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] kept = new double[weight.length];
    int g = 0;
    long total = 0;
    for (int i = 0; i < weight.length; i++) {
      long k = 0;
      for (long c = (long) weight[i]; c > 0; c--) {
        if (random.nextInt(every) == 0) {
          k++;
        }
      }
      kept[i] = k;
      total += k;
      g += k > 0 ? 1 : 0;
    }
    if (total == 0) {
      return this;
    }
    int[] sxi = new int[g];
    int[] stxi = new int[g];
    int[] sagei = new int[g];
    int[] sx = new int[g];
    double[] sw = new double[g];
    int j = 0;
    for (int i = 0; i < weight.length; i++) {
      if (kept[i] > 0) {
        sxi[j] = xIndex[i];
        stxi[j] = txIndex[i];
        sagei[j] = ageIndex[i];
        sx[j] = x[i];
        sw[j] = kept[i];
        j++;
      }
    }
    return new GroupedTriples(sxi, stxi, sagei, sx, sw, distinctX, distinctTx, distinctAge, total);
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
