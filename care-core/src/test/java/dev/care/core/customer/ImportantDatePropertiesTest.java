package dev.care.core.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.care.core.testing.Pbt;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Laws of birthday and anniversary occurrences, for any year and any time zone. */
class ImportantDatePropertiesTest {
  private static final List<String> ZONES = List.copyOf(ZoneId.getAvailableZoneIds());

  private static Gen<MonthDay> monthDays() {
    return integers().between(0, 365).map(d -> MonthDay.from(LocalDate.of(2024, 1, 1).plusDays(d)));
  }

  private static Gen<ZoneId> zones() {
    return integers().between(0, ZONES.size() - 1).map(i -> ZoneId.of(ZONES.get(i)));
  }

  @Test
  void occurrence_existsOncePerYear_inEveryZone_forEveryYear() {
    Pbt.qt()
        .forAll(
            monthDays(),
            integers().between(1900, 2400),
            zones(),
            Generate.enumValues(LeapDayRule.class))
        .checkAssert(
            (md, year, zone, rule) -> {
              ImportantDate d = ImportantDate.birthday(md);
              LocalDate occ = d.occurrenceIn(year, rule);
              assertThat(occ.getYear()).isEqualTo(year);
              if (md.isValidYear(year)) {
                assertThat(MonthDay.from(occ)).isEqualTo(md);
              } else {
                // only 29 February in a common year moves
                assertThat(md).isEqualTo(MonthDay.of(2, 29));
                assertThat(Year.isLeap(year)).isFalse();
                assertThat(occ)
                    .isEqualTo(
                        rule == LeapDayRule.FEBRUARY_28
                            ? LocalDate.of(year, 2, 28)
                            : LocalDate.of(year, 3, 1));
              }
              // the local greeting time lands on that local date in the customer's zone
              ZonedDateTime at = d.occurrenceAt(year, LocalTime.of(9, 0), zone, rule);
              assertThat(at.toLocalDate()).isEqualTo(occ);
              assertThat(at.toInstant().atZone(zone).toLocalDate()).isEqualTo(occ);
            });
  }

  @Test
  void nextOccurrence_isOnOrAfterFrom_andWithinAYear() {
    Pbt.qt()
        .forAll(
            monthDays(), integers().between(0, 200 * 366), Generate.enumValues(LeapDayRule.class))
        .checkAssert(
            (md, offset, rule) -> {
              LocalDate from = LocalDate.of(1950, 1, 1).plusDays(offset);
              LocalDate next = ImportantDate.birthday(md).nextOccurrence(from, rule);
              assertThat(next).isAfterOrEqualTo(from);
              assertThat(next).isBefore(from.plusYears(1).plusDays(1));
            });
  }

  @Test
  void leapDayBirthday_commonYear_followsRule() {
    ImportantDate leap = ImportantDate.birthday(LocalDate.of(2000, 2, 29));
    assertThat(leap.occurrenceIn(2027, LeapDayRule.FEBRUARY_28))
        .isEqualTo(LocalDate.of(2027, 2, 28));
    assertThat(leap.occurrenceIn(2027, LeapDayRule.MARCH_1)).isEqualTo(LocalDate.of(2027, 3, 1));
    assertThat(leap.occurrenceIn(2028, LeapDayRule.MARCH_1)).isEqualTo(LocalDate.of(2028, 2, 29));
  }
}
