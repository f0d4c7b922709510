package dev.care.core.customer;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A date that matters to a customer and recurs every year: a birthday, a membership or wedding
 * anniversary, the first purchase. The year may be unknown (many customers give only day and
 * month).
 *
 * @param name what the date is, a lower-case word such as {@code birthday} or {@code wedding}
 * @param monthDay month and day
 * @param year the original year, if known
 */
public record ImportantDate(String name, MonthDay monthDay, Optional<Integer> year) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

  /** The conventional name of the birthday. */
  public static final String BIRTHDAY = "birthday";

  /** Validates the name and, when the year is known, that the date exists in it. */
  public ImportantDate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(monthDay, "monthDay");
    Objects.requireNonNull(year, "year");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "importantDate name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    year.ifPresent(
        y -> {
          if (!monthDay.isValidYear(y)) {
            throw new IllegalArgumentException(
                "importantDate " + name + ": " + monthDay + " does not exist in year " + y);
          }
        });
  }

  /**
   * A date whose year is known.
   *
   * @param name what the date is
   * @param date the original date
   * @return the important date
   */
  public static ImportantDate of(String name, LocalDate date) {
    return new ImportantDate(name, MonthDay.from(date), Optional.of(date.getYear()));
  }

  /**
   * A birthday whose year is known.
   *
   * @param date the date of birth
   * @return the birthday
   */
  public static ImportantDate birthday(LocalDate date) {
    return of(BIRTHDAY, date);
  }

  /**
   * A birthday given as day and month only.
   *
   * @param monthDay month and day of birth
   * @return the birthday
   */
  public static ImportantDate birthday(MonthDay monthDay) {
    return new ImportantDate(BIRTHDAY, monthDay, Optional.empty());
  }

  /**
   * The date it falls on in a year.
   *
   * @param y the year
   * @param leapDayRule where 29 February goes in common years
   * @return the date in year {@code y}
   */
  public LocalDate occurrenceIn(int y, LeapDayRule leapDayRule) {
    return leapDayRule.resolve(monthDay, y);
  }

  /**
   * The first occurrence on or after a date.
   *
   * @param from the earliest date
   * @param leapDayRule where 29 February goes in common years
   * @return the next occurrence, possibly {@code from} itself
   */
  public LocalDate nextOccurrence(LocalDate from, LeapDayRule leapDayRule) {
    LocalDate d = occurrenceIn(from.getYear(), leapDayRule);
    return d.isBefore(from) ? occurrenceIn(from.getYear() + 1, leapDayRule) : d;
  }

  /**
   * The instant of an occurrence at a local time in the customer's time zone (a greeting due at
   * 09:00 local time, say). Gaps from daylight-saving changes move the time forward.
   *
   * @param y the year
   * @param localTime the local time of day
   * @param zone the customer's time zone
   * @param leapDayRule where 29 February goes in common years
   * @return the instant
   */
  public ZonedDateTime occurrenceAt(
      int y, LocalTime localTime, ZoneId zone, LeapDayRule leapDayRule) {
    return ZonedDateTime.of(occurrenceIn(y, leapDayRule), localTime, zone);
  }

  /**
   * The age or count of years at an occurrence, when the original year is known.
   *
   * @param y the year of the occurrence
   * @return years since the original date
   */
  public Optional<Integer> yearsAt(int y) {
    return year.map(orig -> y - orig);
  }
}
