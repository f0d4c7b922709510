package dev.care.benchmarks;

import org.roaringbitmap.RoaringBitmap;

/** Drools global: rule consequences report matches here (count, and membership when recording). */
public final class SegmentHits {
  private final RoaringBitmap[] members;
  private final boolean recording;
  private long total;

  /**
   * Creates the collector.
   *
   * @param segments number of segments
   * @param recording whether to keep memberships (needed for updates and the equality test)
   */
  public SegmentHits(int segments, boolean recording) {
    this.recording = recording;
    this.members = new RoaringBitmap[segments];
    for (int i = 0; i < segments; i++) {
      members[i] = new RoaringBitmap();
    }
  }

  /**
   * Called by the consequence of rule {@code segment}.
   *
   * @param segment the segment index
   * @param customer the customer index
   */
  public void hit(int segment, int customer) {
    total++;
    if (recording) {
      members[segment].add(customer);
    }
  }

  /**
   * Removes a customer from every segment before its fact is updated (matching rules fire again).
   *
   * @param customer the customer index
   */
  public void forget(int customer) {
    for (RoaringBitmap m : members) {
      m.remove(customer);
    }
  }

  /** Clears counts and memberships. */
  public void reset() {
    total = 0;
    for (RoaringBitmap m : members) {
      m.clear();
    }
  }

  /**
   * @return matches since the last reset
   */
  public long total() {
    return total;
  }

  /**
   * @return the memberships (live)
   */
  public RoaringBitmap[] members() {
    return members;
  }
}
