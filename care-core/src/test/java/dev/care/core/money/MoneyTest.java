package dev.care.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.core.testing.Pbt;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Currency USD = Currency.getInstance("USD");

  @Test
  void of_majorUnits_keepsExactMinorUnits() {
    assertThat(Money.of("EUR", new BigDecimal("12.34")).minorUnits()).isEqualTo(1234);
    assertThat(Money.of("JPY", new BigDecimal("500")).minorUnits()).isEqualTo(500);
    assertThat(Money.ofMinor("EUR", 1234).toString()).isEqualTo("EUR 12.34");
  }

  @Test
  void of_tooManyDecimals_throwsNamingAmountAndCurrency() {
    assertThatThrownBy(() -> Money.of("EUR", new BigDecimal("1.234")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.234")
        .hasMessageContaining("EUR");
  }

  @Test
  void ofMinor_unknownCurrency_throwsNamingCode() {
    assertThatThrownBy(() -> Money.ofMinor("XYZW", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XYZW");
  }

  @Test
  void plus_differentCurrencies_throwsMismatchCarryingBoth() {
    assertThatThrownBy(() -> Money.ofMinor(EUR, 1).plus(Money.ofMinor(USD, 1)))
        .isInstanceOfSatisfying(
            CurrencyMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(EUR);
              assertThat(e.actual()).isEqualTo(USD);
            });
  }

  @Test
  void plus_overflow_throwsArithmetic() {
    assertThatThrownBy(() -> Money.ofMinor(EUR, Long.MAX_VALUE).plus(Money.ofMinor(EUR, 1)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void equality_dependsOnCurrencyAndAmount() {
    assertThat(Money.ofMinor(EUR, 5)).isEqualTo(Money.ofMinor("EUR", 5));
    assertThat(Money.ofMinor(EUR, 5)).isNotEqualTo(Money.ofMinor(USD, 5));
    assertThat(Money.zero(EUR).isZero()).isTrue();
  }

  @Test
  void plusThenMinus_isIdentity_property() {
    Pbt.qt()
        .forAll(
            longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
            longs().between(-1_000_000_000_000L, 1_000_000_000_000L))
        .checkAssert(
            (a, b) ->
                assertThat(
                        Money.ofMinor(EUR, a)
                            .plus(Money.ofMinor(EUR, b))
                            .minus(Money.ofMinor(EUR, b)))
                    .isEqualTo(Money.ofMinor(EUR, a)));
    // and toMajor round-trips through of()
    Pbt.qt()
        .forAll(longs().all())
        .checkAssert(
            a ->
                assertThat(Money.of("EUR", Money.ofMinor(EUR, a).toMajor()))
                    .isEqualTo(Money.ofMinor(EUR, a)));
  }
}
