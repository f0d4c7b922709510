package dev.care.rules.segment.internal;

import java.util.Arrays;

/**
 * A bit-sliced index over non-negative values: slice {@code i} is a word bitset holding bit {@code
 * i} of every row's value. A range predicate is then evaluated a chunk at a time with a handful of
 * word operations per slice (O'Neil and Quass's algorithm), in loops the JIT vectorises, instead of
 * one comparison per row. Slices are added when a larger value arrives. Not thread-safe.
 */
final class Bsi {
  /** Words per block of {@link #range}. */
  static final int BLOCK = 128;

  private long[][] slices = new long[0][];
  private int words;

  /**
   * Makes room for {@code rows} rows.
   *
   * @param rows capacity wanted
   */
  void ensureCapacity(int rows) {
    int w = (rows + 63) >>> 6;
    if (w <= words) {
      return;
    }
    words = w;
    for (int i = 0; i < slices.length; i++) {
      slices[i] = Arrays.copyOf(slices[i], w);
    }
  }

  /**
   * Number of slices (bits per row).
   *
   * @return the count
   */
  int bits() {
    return slices.length;
  }

  /**
   * Changes a row's value, touching only the slices whose bit differs.
   *
   * @param row the row
   * @param old the value the row holds now (0 for a row never set)
   * @param value the new value, 0 or more
   */
  void update(int row, long old, long value) {
    int need = 64 - Long.numberOfLeadingZeros(value);
    if (need > slices.length) {
      int had = slices.length;
      slices = Arrays.copyOf(slices, need);
      for (int i = had; i < need; i++) {
        slices[i] = new long[words];
      }
    }
    int w = row >>> 6;
    long bit = 1L << row;
    for (long x = old ^ value; x != 0; x &= x - 1) {
      slices[Long.numberOfTrailingZeros(x)][w] ^= bit;
    }
  }

  /**
   * Rows of a chunk whose value lies in {@code [a, b]}.
   *
   * @param a lowest value included, 0 or more
   * @param b highest value included
   * @param w0 first word of the chunk
   * @param n words in the chunk
   * @param out receives the result words
   * @param s scratch: four arrays of at least {@link #BLOCK} words
   */
  void range(long a, long b, int w0, int n, long[] out, long[][] s) {
    int k = slices.length;
    long max = k == 63 ? Long.MAX_VALUE : (1L << k) - 1;
    if (a > b || a > max) {
      Arrays.fill(out, 0, n, 0L);
      return;
    }
    long hi = Math.min(b, max);
    boolean le = hi < max;
    boolean ge = a > 0;
    if (!le && !ge) {
      Arrays.fill(out, 0, n, -1L);
      return;
    }
    long[] lt = s[0];
    long[] eq = s[1];
    long[] gt = s[2];
    long[] eq2 = s[3];
    // blocks small enough that the four accumulators stay in L1 while every slice streams by
    for (int b0 = 0; b0 < n; b0 += BLOCK) {
      int bn = Math.min(BLOCK, n - b0);
      int base = w0 + b0;
      Arrays.fill(lt, 0, bn, 0L);
      Arrays.fill(eq, 0, bn, -1L);
      Arrays.fill(gt, 0, bn, 0L);
      Arrays.fill(eq2, 0, bn, -1L);
      for (int i = k - 1; i >= 0; i--) {
        long[] sl = slices[i];
        boolean hb = ((hi >>> i) & 1L) != 0;
        boolean lb = ((a >>> i) & 1L) != 0;
        if (le && ge) {
          if (hb && lb) {
            for (int w = 0; w < bn; w++) {
              long x = sl[base + w];
              lt[w] |= eq[w] & ~x;
              eq[w] &= x;
              eq2[w] &= x;
            }
          } else if (hb) {
            for (int w = 0; w < bn; w++) {
              long x = sl[base + w];
              lt[w] |= eq[w] & ~x;
              eq[w] &= x;
              gt[w] |= eq2[w] & x;
              eq2[w] &= ~x;
            }
          } else if (lb) {
            for (int w = 0; w < bn; w++) {
              long x = sl[base + w];
              eq[w] &= ~x;
              eq2[w] &= x;
            }
          } else {
            for (int w = 0; w < bn; w++) {
              long x = sl[base + w];
              eq[w] &= ~x;
              gt[w] |= eq2[w] & x;
              eq2[w] &= ~x;
            }
          }
        } else if (le) {
          if (hb) {
            for (int w = 0; w < bn; w++) {
              long x = sl[base + w];
              lt[w] |= eq[w] & ~x;
              eq[w] &= x;
            }
          } else {
            for (int w = 0; w < bn; w++) {
              eq[w] &= ~sl[base + w];
            }
          }
        } else {
          if (lb) {
            for (int w = 0; w < bn; w++) {
              eq2[w] &= sl[base + w];
            }
          } else {
            for (int w = 0; w < bn; w++) {
              long x = sl[base + w];
              gt[w] |= eq2[w] & x;
              eq2[w] &= ~x;
            }
          }
        }
      }
      if (le && ge) {
        for (int w = 0; w < bn; w++) {
          out[b0 + w] = (lt[w] | eq[w]) & (gt[w] | eq2[w]);
        }
      } else if (le) {
        for (int w = 0; w < bn; w++) {
          out[b0 + w] = lt[w] | eq[w];
        }
      } else {
        for (int w = 0; w < bn; w++) {
          out[b0 + w] = gt[w] | eq2[w];
        }
      }
    }
  }
}
