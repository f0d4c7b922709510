package dev.care.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of money: a {@code long} count of the currency's minor units (cents for EUR, yen
 * for JPY). Immutable and thread-safe. Arithmetic is exact: overflow throws {@link
 * ArithmeticException}, and combining two currencies throws {@link CurrencyMismatchException}.
 *
 * <p>Amounts may be negative (a balance owed, a difference); operations that need a positive amount
 * (a top-up, a purchase) check it themselves.
 */
public final class Money implements Comparable<Money> {
  private final Currency currency;
  private final long minor;

  private Money(Currency currency, long minor) {
    this.currency = currency;
    this.minor = minor;
  }

  /**
   * An amount in minor units.
   *
   * @param currency the currency
   * @param minorUnits the amount in the currency's minor units
   * @return the amount
   */
  public static Money ofMinor(Currency currency, long minorUnits) {
    Objects.requireNonNull(currency, "currency");
    return new Money(currency, minorUnits);
  }

  /**
   * An amount in minor units of the currency with this ISO 4217 code.
   *
   * @param currencyCode an ISO 4217 code such as {@code "EUR"}
   * @param minorUnits the amount in minor units
   * @return the amount
   * @throws IllegalArgumentException if the code is not a known currency
   */
  public static Money ofMinor(String currencyCode, long minorUnits) {
    return ofMinor(currency(currencyCode), minorUnits);
  }

  /**
   * An amount given in major units, for example {@code of("EUR", new BigDecimal("12.34"))}.
   *
   * @param currencyCode an ISO 4217 code
   * @param major the amount in major units; must have no more decimals than the currency allows
   * @return the amount
   * @throws IllegalArgumentException if the amount has more decimals than the currency allows
   */
  public static Money of(String currencyCode, BigDecimal major) {
    Currency c = currency(currencyCode);
    Objects.requireNonNull(major, "major");
    int digits = Math.max(c.getDefaultFractionDigits(), 0);
    BigDecimal scaled;
    try {
      scaled = major.setScale(digits, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount " + major + " has more than " + digits + " decimals for " + currencyCode, e);
    }
    return new Money(c, scaled.unscaledValue().longValueExact());
  }

  /**
   * Zero in a currency.
   *
   * @param currency the currency
   * @return zero
   */
  public static Money zero(Currency currency) {
    return ofMinor(currency, 0);
  }

  private static Currency currency(String code) {
    Objects.requireNonNull(code, "currencyCode");
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("currencyCode is not an ISO 4217 code: '" + code + "'", e);
    }
  }

  /**
   * The currency.
   *
   * @return the currency
   */
  public Currency currency() {
    return currency;
  }

  /**
   * The amount in minor units.
   *
   * @return the minor-unit amount
   */
  public long minorUnits() {
    return minor;
  }

  /**
   * The amount in major units, exactly.
   *
   * @return for example {@code 12.34} for 1234 cents
   */
  public BigDecimal toMajor() {
    return BigDecimal.valueOf(minor, Math.max(currency.getDefaultFractionDigits(), 0));
  }

  /**
   * The sum.
   *
   * @param other an amount of the same currency
   * @return this + other
   * @throws CurrencyMismatchException if the currencies differ
   * @throws ArithmeticException on overflow
   */
  public Money plus(Money other) {
    checkSameCurrency(other);
    return new Money(currency, Math.addExact(minor, other.minor));
  }

  /**
   * The difference.
   *
   * @param other an amount of the same currency
   * @return this - other
   * @throws CurrencyMismatchException if the currencies differ
   * @throws ArithmeticException on overflow
   */
  public Money minus(Money other) {
    checkSameCurrency(other);
    return new Money(currency, Math.subtractExact(minor, other.minor));
  }

  /**
   * The amount multiplied by a whole number.
   *
   * @param factor the factor
   * @return this × factor
   * @throws ArithmeticException on overflow
   */
  public Money times(long factor) {
    return new Money(currency, Math.multiplyExact(minor, factor));
  }

  /**
   * The negated amount.
   *
   * @return -this
   * @throws ArithmeticException for {@code Long.MIN_VALUE}
   */
  public Money negated() {
    return new Money(currency, Math.negateExact(minor));
  }

  /**
   * Whether the amount is above zero.
   *
   * @return {@code minorUnits() > 0}
   */
  public boolean isPositive() {
    return minor > 0;
  }

  /**
   * Whether the amount is below zero.
   *
   * @return {@code minorUnits() < 0}
   */
  public boolean isNegative() {
    return minor < 0;
  }

  /**
   * Whether the amount is zero.
   *
   * @return {@code minorUnits() == 0}
   */
  public boolean isZero() {
    return minor == 0;
  }

  /**
   * Whether two amounts share a currency.
   *
   * @param other another amount
   * @return true if both have the same currency
   */
  public boolean isSameCurrency(Money other) {
    return currency.equals(other.currency);
  }

  /**
   * Throws unless the other amount has this amount's currency.
   *
   * @param other another amount
   * @throws CurrencyMismatchException if the currencies differ
   */
  public void checkSameCurrency(Money other) {
    Objects.requireNonNull(other, "other");
    if (!currency.equals(other.currency)) {
      throw new CurrencyMismatchException(currency, other.currency);
    }
  }

  /**
   * Compares two amounts of the same currency.
   *
   * @throws CurrencyMismatchException if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    checkSameCurrency(other);
    return Long.compare(minor, other.minor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Money m && m.minor == minor && m.currency.equals(currency);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(minor) * 31 + currency.hashCode();
  }

  /** Returns for example {@code "EUR 12.34"}. */
  @Override
  public String toString() {
    return currency.getCurrencyCode() + " " + toMajor().toPlainString();
  }
}
