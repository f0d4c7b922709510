package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import dev.care.rules.segment.SegmentId;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A customer entered or left a segment the engine keeps, because a command changed what the segment
 * reads (a purchase, a return, a consent, a complaint...) or because {@link CareEngine#advanceTo}
 * moved the date a date-relative segment ({@code recencyDays}, {@code tenureDays}, {@code
 * birthdayWithin}) is evaluated against.
 *
 * @param segment the segment
 * @param customer the customer
 * @param change entered or exited
 * @param asOf the segment engine's date when the change was seen (program time zone)
 */
public record CustomerSegmentEvent(
    SegmentId segment, CustomerId customer, Change change, LocalDate asOf) {
  /** Which way membership changed. */
  public enum Change {
    /** The customer became a member. */
    ENTERED,
    /** The customer stopped being a member. */
    EXITED
  }

  /** Validates. */
  public CustomerSegmentEvent {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(asOf, "asOf");
  }
}
