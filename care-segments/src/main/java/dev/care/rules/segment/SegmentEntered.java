package dev.care.rules.segment;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A customer entered a segment.
 *
 * @param segment the segment
 * @param customer the customer's dense index
 * @param asOf the engine's today
 */
public record SegmentEntered(SegmentId segment, int customer, LocalDate asOf)
    implements SegmentEvent {
  /** Validates. */
  public SegmentEntered {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(asOf, "asOf");
    if (customer < 0) {
      throw new IllegalArgumentException("customer index must be >= 0, got " + customer);
    }
  }
}
