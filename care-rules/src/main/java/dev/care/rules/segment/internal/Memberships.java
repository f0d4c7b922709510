package dev.care.rules.segment.internal;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Segment memberships kept twice: one RoaringBitmap per segment (column-major, for queries and set
 * algebra) and a row-major membership word per customer ({@code ceil(segments / 64)} longs, bit
 * {@code s % 64} of word {@code s / 64} for segment {@code s}), so that a row update reads all of a
 * customer's memberships in one load and touches a bitmap only when a membership changes. Every
 * write goes through this class, which keeps the two equal. Not thread-safe; the engine guards it.
 */
public final class Memberships {
  private final int segments;
  private final int stride;
  private final RoaringBitmap[] bitmaps;
  private long[] words = new long[0];

  /**
   * Creates empty memberships.
   *
   * @param segments number of segments
   */
  public Memberships(int segments) {
    this.segments = segments;
    this.stride = (segments + 63) >>> 6;
    this.bitmaps = new RoaringBitmap[segments];
    Arrays.setAll(bitmaps, i -> new RoaringBitmap());
  }

  /**
   * Membership words per customer.
   *
   * @return {@code ceil(segments / 64)}
   */
  public int stride() {
    return stride;
  }

  /**
   * Makes room for {@code rows} customers (new rows belong to no segment).
   *
   * @param rows capacity wanted
   */
  public void ensureCapacity(int rows) {
    long need = (long) rows * stride;
    if (need <= words.length) {
      return;
    }
    long cap = Math.max(need, Math.max(1024L * stride, words.length + (words.length >> 1)));
    words = Arrays.copyOf(words, (int) Math.min(Integer.MAX_VALUE - 8, cap));
  }

  /**
   * A segment's live bitmap; do not modify.
   *
   * @param s the segment
   * @return the members
   */
  public RoaringBitmap bitmap(int s) {
    return bitmaps[s];
  }

  /**
   * Whether a customer is in a segment.
   *
   * @param s the segment
   * @param row the customer
   * @return membership
   */
  public boolean contains(int s, int row) {
    return ((words[row * stride + (s >>> 6)] >>> s) & 1L) != 0;
  }

  /**
   * One of a customer's membership words.
   *
   * @param row the customer
   * @param k the word, {@code 0..stride()-1}, covering segments {@code 64k..64k+63}
   * @return the bits
   */
  public long word(int row, int k) {
    return words[row * stride + k];
  }

  /**
   * Replaces one of a customer's membership words and applies the difference to the bitmaps.
   *
   * @param row the customer
   * @param k the word
   * @param now the new bits (only bits of defined segments)
   * @return the bits that changed
   */
  public long setWord(int row, int k, long now) {
    int at = row * stride + k;
    long changed = words[at] ^ now;
    if (changed == 0) {
      return 0;
    }
    words[at] = now;
    int base = k << 6;
    for (long x = changed; x != 0; x &= x - 1) {
      int b = Long.numberOfTrailingZeros(x);
      if (((now >>> b) & 1L) != 0) {
        bitmaps[base + b].add(row);
      } else {
        bitmaps[base + b].remove(row);
      }
    }
    return changed;
  }

  /**
   * Puts a customer in or out of a segment.
   *
   * @param s the segment
   * @param row the customer
   * @param member the membership wanted
   * @return whether it changed
   */
  public boolean set(int s, int row, boolean member) {
    int k = s >>> 6;
    long w = word(row, k);
    long bit = 1L << s;
    return setWord(row, k, member ? w | bit : w & ~bit) != 0;
  }

  /**
   * Replaces a segment's bitmap by a freshly evaluated one; the membership words are patched only
   * where the two differ (nothing to do when incremental maintenance kept them equal).
   *
   * @param s the segment
   * @param fresh the new members, owned by this object from now on
   */
  public void replace(int s, RoaringBitmap fresh) {
    replace(s, fresh, bitmaps[s].equals(fresh));
  }

  /**
   * As {@link #replace(int, RoaringBitmap)}, with the comparison already made (so that callers can
   * compare many segments in parallel).
   *
   * @param s the segment
   * @param fresh the new members, owned by this object from now on
   * @param same whether {@code fresh} equals the segment's current bitmap
   */
  public void replace(int s, RoaringBitmap fresh, boolean same) {
    RoaringBitmap old = bitmaps[s];
    if (!same) {
      int k = s >>> 6;
      long bit = 1L << s;
      RoaringBitmap.xor(old, fresh).forEach((int row) -> words[row * stride + k] ^= bit);
    }
    bitmaps[s] = fresh;
  }

  /**
   * Whether the membership words agree with the bitmaps for rows {@code 0..rows-1} (a check for
   * tests; it reads every bit).
   *
   * @param rows customers stored
   * @return true when they agree
   */
  public boolean consistent(int rows) {
    for (int s = 0; s < segments; s++) {
      RoaringBitmap fromWords = new RoaringBitmap();
      for (int row = 0; row < rows; row++) {
        if (contains(s, row)) {
          fromWords.add(row);
        }
      }
      if (!fromWords.equals(bitmaps[s])) {
        return false;
      }
    }
    for (int row = 0; row < rows; row++) {
      int spare = stride * 64 - segments;
      if (spare > 0 && (word(row, stride - 1) >>> (64 - spare)) != 0) {
        return false;
      }
    }
    return true;
  }
}
