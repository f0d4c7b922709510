package dev.care.core.customer;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A daily window, in the customer's local time, in which no automated message is delivered (it is
 * deferred to the window's end, never dropped). The window may wrap midnight: 21:00–08:00.
 *
 * @param start first quiet local time (inclusive)
 * @param end first local time that is no longer quiet (exclusive); equal to start means "no quiet
 *     hours" is not allowed, use {@link java.util.Optional#empty()} instead
 */
public record QuietHours(LocalTime start, LocalTime end) {
  /** Validates the window. */
  public QuietHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.equals(end)) {
      throw new IllegalArgumentException(
          "quietHours start and end must differ, got " + start + "–" + end);
    }
  }

  /**
   * The usual default, 21:00–08:00.
   *
   * @return the default quiet window
   */
  public static QuietHours defaultNight() {
    return new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
  }

  /**
   * Whether a local time falls inside the window.
   *
   * @param t a local time
   * @return true if quiet
   */
  public boolean contains(LocalTime t) {
    Objects.requireNonNull(t, "t");
    if (start.isBefore(end)) {
      return !t.isBefore(start) && t.isBefore(end);
    }
    return !t.isBefore(start) || t.isBefore(end);
  }

  /**
   * The earliest instant at or after {@code at} that is outside the window in the given zone.
   *
   * @param at the intended delivery instant
   * @param zone the customer's time zone
   * @return {@code at} itself if not quiet, else the end of the current quiet window
   */
  public Instant nextAllowed(Instant at, ZoneId zone) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    ZonedDateTime local = at.atZone(zone);
    if (!contains(local.toLocalTime())) {
      return at;
    }
    ZonedDateTime endToday = local.with(end);
    ZonedDateTime candidate = endToday.isAfter(local) ? endToday : endToday.plusDays(1).with(end);
    return candidate.toInstant();
  }
}
