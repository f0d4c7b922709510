package dev.care.rules.segment.internal;

/**
 * Branch-free column scans, one word (64 rows) at a time: each row's predicate becomes its sign
 * bit, shifted into place. Callers pass bounds clamped to the column domain (see {@link
 * Leaf.Range}).
 */
final class Scans {
  private Scans() {}

  static void range(int[] col, int start, int rows, long lo, long hi, long[] out) {
    int full = rows >>> 6;
    for (int w = 0; w < full; w++) {
      int base = start + (w << 6);
      long bits = 0;
      for (int j = 0; j < 64; j++) {
        long v = col[base + j];
        bits |= (~((v - lo) | (hi - v)) >>> 63) << j;
      }
      out[w] = bits;
    }
    int rest = rows & 63;
    if (rest != 0) {
      int base = start + (full << 6);
      long bits = 0;
      for (int j = 0; j < rest; j++) {
        long v = col[base + j];
        bits |= (~((v - lo) | (hi - v)) >>> 63) << j;
      }
      out[full] = bits;
    }
  }

  static void range(long[] col, int start, int rows, long lo, long hi, long[] out) {
    // values lie in [-2^62, 2^62]; the compiler clamps so that at most one side can reach a domain
    // end, hence v - lo and hi - v stay in range
    int full = rows >>> 6;
    for (int w = 0; w < full; w++) {
      int base = start + (w << 6);
      long bits = 0;
      for (int j = 0; j < 64; j++) {
        long v = col[base + j];
        bits |= (~((v - lo) | (hi - v)) >>> 63) << j;
      }
      out[w] = bits;
    }
    int rest = rows & 63;
    if (rest != 0) {
      int base = start + (full << 6);
      long bits = 0;
      for (int j = 0; j < rest; j++) {
        long v = col[base + j];
        bits |= (~((v - lo) | (hi - v)) >>> 63) << j;
      }
      out[full] = bits;
    }
  }

  static void range(short[] col, int start, int rows, long lo, long hi, long[] out) {
    int ilo = (int) Math.max(lo, Short.MIN_VALUE);
    int ihi = (int) Math.min(hi, Short.MAX_VALUE);
    int full = rows >>> 6;
    for (int w = 0; w < full; w++) {
      int base = start + (w << 6);
      long bits = 0;
      for (int j = 0; j < 64; j++) {
        int v = col[base + j];
        bits |= ((long) (~((v - ilo) | (ihi - v)) >>> 31)) << j;
      }
      out[w] = bits;
    }
    int rest = rows & 63;
    if (rest != 0) {
      int base = start + (full << 6);
      long bits = 0;
      for (int j = 0; j < rest; j++) {
        int v = col[base + j];
        bits |= ((long) (~((v - ilo) | (ihi - v)) >>> 31)) << j;
      }
      out[full] = bits;
    }
  }

  static void range(byte[] col, int start, int rows, long lo, long hi, long[] out) {
    int ilo = (int) Math.max(lo, Byte.MIN_VALUE);
    int ihi = (int) Math.min(hi, Byte.MAX_VALUE);
    int full = rows >>> 6;
    for (int w = 0; w < full; w++) {
      int base = start + (w << 6);
      long bits = 0;
      for (int j = 0; j < 64; j++) {
        int v = col[base + j];
        bits |= ((long) (~((v - ilo) | (ihi - v)) >>> 31)) << j;
      }
      out[w] = bits;
    }
    int rest = rows & 63;
    if (rest != 0) {
      int base = start + (full << 6);
      long bits = 0;
      for (int j = 0; j < rest; j++) {
        int v = col[base + j];
        bits |= ((long) (~((v - ilo) | (ihi - v)) >>> 31)) << j;
      }
      out[full] = bits;
    }
  }

  static void mask(byte[] col, int start, int rows, long mask, long[] out) {
    int full = rows >>> 6;
    for (int w = 0; w < full; w++) {
      int base = start + (w << 6);
      long bits = 0;
      for (int j = 0; j < 64; j++) {
        bits |= ((mask >>> col[base + j]) & 1L) << j;
      }
      out[w] = bits;
    }
    int rest = rows & 63;
    if (rest != 0) {
      int base = start + (full << 6);
      long bits = 0;
      for (int j = 0; j < rest; j++) {
        bits |= ((mask >>> col[base + j]) & 1L) << j;
      }
      out[full] = bits;
    }
  }

  static void table(short[] col, int start, int rows, long[] table, long[] out) {
    int full = rows >>> 6;
    for (int w = 0; w < full; w++) {
      int base = start + (w << 6);
      long bits = 0;
      for (int j = 0; j < 64; j++) {
        int c = col[base + j];
        bits |= ((table[c >>> 6] >>> c) & 1L) << j;
      }
      out[w] = bits;
    }
    int rest = rows & 63;
    if (rest != 0) {
      int base = start + (full << 6);
      long bits = 0;
      for (int j = 0; j < rest; j++) {
        int c = col[base + j];
        bits |= ((table[c >>> 6] >>> c) & 1L) << j;
      }
      out[full] = bits;
    }
  }
}
