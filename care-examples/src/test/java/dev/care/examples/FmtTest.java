package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class FmtTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  @Test
  void count_isSingularForExactlyOne() {
    assertThat(Fmt.count(1, "month")).isEqualTo("1 month");
    assertThat(Fmt.count(0, "month")).isEqualTo("0 months");
    assertThat(Fmt.count(12_000, "member")).isEqualTo("12,000 members");
  }

  @Test
  void money_isExactFromMinorUnits_withGroupingAndSign() {
    assertThat(Fmt.money(123_456_789, EUR)).isEqualTo("EUR 1,234,567.89");
    assertThat(Fmt.money(5, EUR)).isEqualTo("EUR 0.05");
    assertThat(Fmt.money(-300, EUR)).isEqualTo("-EUR 3.00");
    assertThat(Fmt.money(1_500, Currency.getInstance("JPY"))).isEqualTo("JPY 1,500");
  }

  @Test
  void table_alignsColumns_numbersRight_textLeft() {
    List<String> lines =
        Fmt.table(
            2,
            List.of("tier", "members"),
            List.of(List.of("MEMBER", "1,335"), List.of("PLATINUM", "36")));
    assertThat(lines)
        .containsExactly(
            "  tier      members",
            "  --------  -------",
            "  MEMBER      1,335",
            "  PLATINUM       36");
    assertThatThrownBy(() -> Fmt.table(0, List.of("a", "b"), List.of(List.of("x"))))
        .hasMessageContaining("has 1 cells for 2 columns");
  }
}
