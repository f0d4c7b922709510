package dev.care.core.time.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * The ISO text of instants, read and written without the {@link java.time.format.DateTimeFormatter}
 * (which is a good part of reading and writing events, stored projections and journal documents):
 * {@link #parse} answers exactly as {@link Instant#parse} and {@link #format} exactly as {@link
 * Instant#toString}, directly for the form {@code Instant.toString} writes for the years 0000–9999
 * ({@code uuuu-MM-ddTHH:mm:ss[.fraction]Z}) and through those methods for anything else.
 */
public final class InstantText {
  /** The longest text {@link #put} writes: {@code uuuu-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
  public static final int MAX_LENGTH = 30;

  private static final int SECONDS_PER_DAY = 86_400;

  /** Days from 0000-03-01 to 1970-01-01 (the shift of the civil-day algorithms below). */
  private static final int DAYS_0000_03_01_TO_EPOCH = 719_468;

  private static final int DAYS_PER_ERA = 146_097;

  /** 0000-01-01T00:00:00Z, the first second {@link #put} writes. */
  private static final long MIN_FAST_SECOND = -62_167_219_200L;

  /** 9999-12-31T23:59:59Z, the last second {@link #put} writes. */
  private static final long MAX_FAST_SECOND = 253_402_300_799L;

  private InstantText() {}

  /**
   * {@link Instant#parse} of a text: read directly when it has the form {@link Instant#toString}
   * writes for the years 0000–9999 ({@code uuuu-MM-ddTHH:mm:ss[.fraction]Z}, one to nine fraction
   * digits) and its fields are in range; anything else goes to {@link Instant#parse}, so the result
   * and the exceptions are exactly its.
   *
   * @param text the text
   * @return the instant
   * @throws java.time.format.DateTimeParseException if the text is not an instant
   * @throws NullPointerException if the text is null (with {@link Instant#parse}'s message)
   */
  public static Instant parse(CharSequence text) {
    int n = Objects.requireNonNull(text, "text").length();
    if (n < 20
        || n == 21
        || n > MAX_LENGTH
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(n - 1) != 'Z'
        || n > 20 && text.charAt(19) != '.') {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > lengthOfMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || fraction < 0) {
      return Instant.parse(text);
    }
    for (int i = n - 1; i < MAX_LENGTH - 1; i++) {
      fraction *= 10;
    }
    long days = epochDay(year, month, day);
    return Instant.ofEpochSecond(
        days * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, fraction);
  }

  /**
   * {@link Instant#toString} of an instant: written directly for the years 0000–9999, otherwise
   * {@code instant.toString()}; the same text either way, which {@link #parse} reads back.
   *
   * @param instant the instant
   * @return its ISO text
   */
  public static String format(Instant instant) {
    char[] out = new char[MAX_LENGTH];
    int n = put(out, 0, instant);
    return n < 0 ? instant.toString() : new String(out, 0, n);
  }

  /**
   * Appends {@link Instant#toString} of an instant to a builder, without making a string of it for
   * the years 0000–9999.
   *
   * @param to the builder
   * @param instant the instant
   * @return the builder
   */
  public static StringBuilder append(StringBuilder to, Instant instant) {
    char[] out = new char[MAX_LENGTH];
    int n = put(out, 0, instant);
    return n < 0 ? to.append(instant) : to.append(out, 0, n);
  }

  /**
   * Puts {@link Instant#toString} of an instant of the years 0000–9999 into {@code out} at {@code
   * at} (at most {@link #MAX_LENGTH} characters): for writers that put the text into a buffer of
   * their own (e.g. as a raw JSON string).
   *
   * @param out the buffer
   * @param at where the text starts
   * @param instant the instant
   * @return the position after the text, or -1 (and nothing written) if the instant is of another
   *     year
   * @throws ArrayIndexOutOfBoundsException if the buffer is too short for the text
   */
  public static int put(char[] out, int at, Instant instant) {
    long second = instant.getEpochSecond();
    if (second < MIN_FAST_SECOND || second > MAX_FAST_SECOND) {
      return -1;
    }
    int day = (int) Math.floorDiv(second, SECONDS_PER_DAY);
    int secondOfDay = Math.floorMod(second, SECONDS_PER_DAY);
    // civil from days (H. Hinnant): eras of 400 years from 0000-03-01, years from March
    int shifted = day + DAYS_0000_03_01_TO_EPOCH;
    int era = Math.floorDiv(shifted, DAYS_PER_ERA);
    int dayOfEra = shifted - era * DAYS_PER_ERA; // [0, 146096]
    int yearOfEra =
        (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / (DAYS_PER_ERA - 1))
            / 365; // [0, 399]
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // [0, 365]
    int monthFromMarch = (5 * dayOfYear + 2) / 153; // [0, 11]
    int dayOfMonth = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
    int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    int year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    int nano = instant.getNano();
    put(out, at, year, 4);
    out[at + 4] = '-';
    put(out, at + 5, month, 2);
    out[at + 7] = '-';
    put(out, at + 8, dayOfMonth, 2);
    out[at + 10] = 'T';
    put(out, at + 11, secondOfDay / 3_600, 2);
    out[at + 13] = ':';
    put(out, at + 14, secondOfDay / 60 % 60, 2);
    out[at + 16] = ':';
    put(out, at + 17, secondOfDay % 60, 2);
    int n = at + 19;
    if (nano != 0) {
      out[n++] = '.';
      if (nano % 1_000_000 == 0) {
        put(out, n, nano / 1_000_000, 3);
        n += 3;
      } else if (nano % 1_000 == 0) {
        put(out, n, nano / 1_000, 6);
        n += 6;
      } else {
        put(out, n, nano, 9);
        n += 9;
      }
    }
    out[n++] = 'Z';
    return n;
  }

  /** Days from 1970-01-01 to a date of the years 0000–9999 (days from civil, H. Hinnant). */
  private static int epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year; // years from March: February ends the year
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400; // [0, 399]
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; // [0, 365]
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * DAYS_PER_ERA + dayOfEra - DAYS_0000_03_01_TO_EPOCH;
  }

  /** The days of a month (1–12) of a year of the proleptic Gregorian calendar. */
  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The decimal number of {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
  private static int digits(CharSequence text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
