package dev.care.core.time.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.core.testing.Pbt;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link InstantText} writes exactly what {@link Instant#toString} writes and reads exactly what
 * {@link Instant#parse} reads, with the same exceptions, fast form or not.
 */
class InstantTextTest {
  private static final long FIRST_FAST = second(0, 1, 1);
  private static final long LAST_FAST = second(9999, 12, 31) + 86_399;
  private static final long FIRST_WIDE = second(-1_000_000, 1, 1);
  private static final long LAST_WIDE = second(1_000_000, 12, 31) + 86_399;

  /** Seconds near the edges where the form or the calendar changes. */
  private static final List<Long> EDGES =
      List.of(
          FIRST_FAST,
          LAST_FAST + 1,
          0L,
          second(1900, 3, 1),
          second(2000, 3, 1),
          second(2024, 3, 1),
          second(2100, 3, 1),
          second(1, 1, 1),
          second(10_000, 1, 1));

  private static long second(int year, int month, int day) {
    return LocalDate.of(year, month, day)
        .toEpochSecond(java.time.LocalTime.MIDNIGHT, ZoneOffset.UTC);
  }

  /**
   * Instants of years -1,000,000 to +1,000,000 at second, milli, micro and nano precision: a
   * quarter of them anywhere in that span, half of them in the years 0000–9999 (the fast form) and
   * a quarter within three days of a year or form edge.
   */
  private static Gen<Instant> instants() {
    return integers()
        .between(0, 3)
        .zip(
            longs().between(0, Long.MAX_VALUE),
            integers().between(0, 999_999_999),
            integers().between(0, 3),
            (where, r, nano, precision) -> {
              long second =
                  switch (where) {
                    case 0 -> FIRST_WIDE + Math.floorMod(r, LAST_WIDE - FIRST_WIDE + 1);
                    case 3 ->
                        EDGES.get((int) (r % EDGES.size()))
                            + Math.floorMod(r / EDGES.size(), 6 * 86_400L)
                            - 3 * 86_400L;
                    default -> FIRST_FAST + Math.floorMod(r, LAST_FAST - FIRST_FAST + 1);
                  };
              int n = nano - nano % (int) Math.pow(1_000, 3 - precision);
              return Instant.ofEpochSecond(second, n);
            });
  }

  @Test
  @DisplayName(
      "format is Instant.toString and parse reads it back, for years -1,000,000 to +1,000,000 at"
          + " 0, 3, 6 and 9 fraction digits")
  void format_isToString_parseReadsItBack() {
    Pbt.qt()
        .withExamples(5 * Pbt.examples())
        .forAll(instants())
        .checkAssert(
            i -> {
              String text = i.toString();
              assertThat(InstantText.format(i)).isEqualTo(text);
              assertThat(InstantText.append(new StringBuilder("x"), i)).hasToString("x" + text);
              char[] out = new char[InstantText.MAX_LENGTH + 2];
              int end = InstantText.put(out, 2, i);
              if (i.getEpochSecond() >= FIRST_FAST && i.getEpochSecond() <= LAST_FAST) {
                assertThat(new String(out, 2, end - 2)).isEqualTo(text);
              } else {
                assertThat(end).isEqualTo(-1);
                assertThat(out).containsOnly('\0');
              }
              assertThat(InstantText.parse(InstantText.format(i))).isEqualTo(i);
            });
  }

  /**
   * Ways to spoil a valid text: wrong digits or characters, impossible dates (29 February of common
   * years, 1900 and 2100 among them, and of leap years, 2000 among them; day 29–32 of any month),
   * hour 24, minute or second 60, fractions of 0–10 digits (lengths 20–31), a missing Z, lowercase
   * t or z, offsets, signed or longer years, characters inserted or deleted.
   */
  private static String spoil(String valid, int kind, long r) {
    StringBuilder t = new StringBuilder(valid);
    int end = t.length() - 1; // the Z
    switch (kind) {
      case 0 -> {}
      case 1 -> t.setCharAt((int) (r % t.length()), "0123456789-:.TZtz+ /a".charAt(digit(r, 21)));
      case 2 -> {
        int[] years = {1900, 2000, 2100, 2400, 1600, 1700, 2023, 2024, 0, 4, 9996, 9999};
        int year = r % 3 == 0 ? (int) (r / 3 % 10_000) : years[(int) (r / 3 % years.length)];
        t.replace(0, 10, String.format("%04d-02-29", year));
      }
      case 3 -> t.replace(5, 10, String.format("%02d-%02d", 1 + r % 12, 28 + r / 12 % 5));
      case 4 -> {
        String[] times = {"24:00:00", "24:00:01", "23:60:00", "23:59:60", "25:00:00", "99:99:99"};
        t.replace(11, 19, times[(int) (r % times.length)]);
      }
      case 5 -> {
        int digits = (int) (r % 11);
        StringBuilder fraction = new StringBuilder(r / 11 % 2 == 0 || digits > 0 ? "." : "");
        for (int i = 0; i < digits; i++) {
          fraction.append(digit(r / 22 + i * 7L, 10));
        }
        t.replace(19, end, fraction.toString());
      }
      case 6 -> t.deleteCharAt(end);
      case 7 -> {
        if (r % 2 == 0) {
          t.setCharAt(10, 't');
        } else {
          t.setCharAt(end, 'z');
        }
      }
      case 8 -> {
        String[] offsets = {"+01:00", "-05:30", "+00:00", "-00:00", "+18:00", "+19:00", "+0100"};
        t.replace(end, end + 1, offsets[(int) (r % offsets.length)]);
      }
      case 9 -> {
        String[] years = {"+10000", "-0001", "+2026", "10000", "-10000", "999", "+0000"};
        t.replace(0, 4, years[(int) (r % years.length)]);
      }
      case 10 -> {
        int at = (int) (r % t.length());
        if (r / 100 % 2 == 0) {
          t.deleteCharAt(at);
        } else {
          t.insert(at, (char) ('0' + digit(r / 200, 10)));
        }
      }
      default -> {
        // any two digits at a field: month, day, hour, minute or second 00-99
        int[] fields = {5, 8, 11, 14, 17};
        int at = fields[(int) (r % fields.length)];
        t.replace(at, at + 2, String.format("%02d", r / 5 % 100));
      }
    }
    return t.toString();
  }

  private static int digit(long r, int radix) {
    return (int) Math.floorMod(r, (long) radix);
  }

  @Test
  @DisplayName(
      "parse gives Instant.parse's instant, or its exception with its message, for valid texts and"
          + " spoilt ones")
  void parse_answersAsInstantParse() {
    Gen<Instant> fast =
        longs()
            .between(FIRST_FAST, LAST_FAST)
            .zip(
                integers().between(0, 999_999_999),
                integers().between(0, 3),
                (s, nano, precision) ->
                    Instant.ofEpochSecond(s, nano - nano % (int) Math.pow(1_000, 3 - precision)));
    Pbt.qt()
        .withExamples(5 * Pbt.examples())
        .forAll(fast, integers().between(0, 11), longs().between(0, Long.MAX_VALUE))
        .checkAssert((i, kind, r) -> assertParsesAsInstantParse(spoil(i.toString(), kind, r)));
  }

  @Test
  @DisplayName(
      "texts at the edges of the fast form read as Instant.parse reads them, from any CharSequence")
  void unusualTexts_answerAsInstantParse() {
    for (String text :
        List.of(
            "2024-02-29T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-12-00T00:00:00Z",
            "2026-12-05T24:00:00Z",
            "2026-12-05T23:60:00Z",
            "2026-12-31T23:59:60Z",
            "2026-12-05T10:00:00.Z",
            "2026-12-05T10:00:00.1Z",
            "2026-12-05T10:00:00.12345678Z",
            "2026-12-05T10:00:00.1234567891Z",
            "2026-12-05T10:00:00+01:00",
            "2026-12-05T10:00:00z",
            "2026-12-05t10:00:00Z",
            "2026-12-05 10:00:00Z",
            "2026-1a-05T10:00:00Z",
            "2026-12-05T10:00:0-Z",
            "2026-12-05T10:00:00.12a4Z",
            "2026-12-05T10:00:00.-123Z",
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2026-12-05T10:00Z",
            "")) {
      assertParsesAsInstantParse(text);
      assertThat(answer(() -> InstantText.parse(new StringBuilder(text))))
          .as(text)
          .isEqualTo(answer(() -> Instant.parse(text)));
    }
  }

  @Test
  @DisplayName("instants at the edges of the fast form are written as Instant.toString")
  void edgeInstants_writtenAsToString() {
    for (Instant i :
        List.of(
            Instant.MIN,
            Instant.MAX,
            Instant.EPOCH,
            Instant.EPOCH.minusNanos(1),
            Instant.ofEpochSecond(FIRST_FAST),
            Instant.ofEpochSecond(FIRST_FAST).minusNanos(1),
            Instant.ofEpochSecond(LAST_FAST, 999_999_999),
            Instant.ofEpochSecond(LAST_FAST, 999_999_999).plusNanos(1),
            Instant.parse("2024-02-29T12:34:56.000001Z"),
            Instant.parse("2000-02-29T23:59:59.100Z"),
            Instant.parse("1900-02-28T00:00:00.000000001Z"))) {
      assertThat(InstantText.format(i)).isEqualTo(i.toString());
      assertThat(InstantText.parse(InstantText.format(i))).isEqualTo(i);
    }
    assertThat(InstantText.put(new char[InstantText.MAX_LENGTH], 0, Instant.MAX)).isEqualTo(-1);
  }

  @Test
  @DisplayName("null text is refused as Instant.parse refuses it")
  void nullText_refusedAsInstantParse() {
    assertThat(answer(() -> InstantText.parse(null)))
        .isEqualTo(answer(() -> Instant.parse(null)))
        .isEqualTo(List.of(NullPointerException.class, "text"));
  }

  private static void assertParsesAsInstantParse(String text) {
    assertThat(answer(() -> InstantText.parse(text)))
        .as(text)
        .isEqualTo(answer(() -> Instant.parse(text)));
  }

  /** The instant read, or the class and message of the exception. */
  private static Object answer(java.util.function.Supplier<Instant> read) {
    try {
      return Objects.requireNonNull(read.get());
    } catch (RuntimeException e) {
      return List.of(e.getClass(), String.valueOf(e.getMessage()));
    }
  }
}
