package dev.care.core.money;

import dev.care.core.error.CareException;
import java.util.Currency;

/** Thrown when two amounts of different currencies are combined; carries both currencies. */
public final class CurrencyMismatchException extends CareException {
  private static final long serialVersionUID = 1L;

  private final Currency expected;
  private final Currency actual;

  /**
   * Creates the exception.
   *
   * @param expected the currency of the left-hand amount
   * @param actual the currency of the right-hand amount
   */
  public CurrencyMismatchException(Currency expected, Currency actual) {
    super(
        "currency mismatch: expected "
            + expected.getCurrencyCode()
            + " but got "
            + actual.getCurrencyCode());
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * The currency of the left-hand amount.
   *
   * @return the expected currency
   */
  public Currency expected() {
    return expected;
  }

  /**
   * The currency of the right-hand amount.
   *
   * @return the actual currency
   */
  public Currency actual() {
    return actual;
  }
}
