package dev.care.rules.segment;

import java.time.LocalDate;

/** A customer's membership of a segment changed. */
public sealed interface SegmentEvent permits SegmentEntered, SegmentExited {
  /**
   * The segment.
   *
   * @return its id
   */
  SegmentId segment();

  /**
   * The customer, by its dense index in the engine.
   *
   * @return the index
   */
  int customer();

  /**
   * The engine's today when the change was seen.
   *
   * @return the date
   */
  LocalDate asOf();
}
