package dev.care.core.ledger;

import java.util.Currency;
import java.util.Objects;

/**
 * What an account holds: loyalty points, or money in one currency. Postings never mix assets
 * (invariant L3): points never turn into money and EUR never into USD inside one posting.
 *
 * @param code {@code "POINTS"} or an ISO 4217 currency code
 */
public record Asset(String code) {
  /** Loyalty points. */
  public static final Asset POINTS = new Asset("POINTS");

  /** Validates: {@code POINTS} or a known ISO 4217 code. */
  public Asset {
    Objects.requireNonNull(code, "code");
    if (!code.equals("POINTS")) {
      try {
        Currency.getInstance(code);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "asset code must be POINTS or an ISO 4217 currency code, got '" + code + "'", e);
      }
    }
  }

  /**
   * Money in one currency.
   *
   * @param currency the currency
   * @return the asset
   */
  public static Asset money(Currency currency) {
    return new Asset(currency.getCurrencyCode());
  }

  /**
   * Whether this is the points asset.
   *
   * @return true for points
   */
  public boolean isPoints() {
    return code.equals("POINTS");
  }

  /**
   * The currency of a money asset.
   *
   * @return the currency
   * @throws IllegalStateException for points
   */
  public Currency currency() {
    if (isPoints()) {
      throw new IllegalStateException("POINTS has no currency");
    }
    return Currency.getInstance(code);
  }

  @Override
  public String toString() {
    return code;
  }

  // written out (the same values as a record's own): the generated ones go through method handles,
  // which cost the JIT more on these keys of every map in the engine
  @Override
  public boolean equals(Object other) {
    return other instanceof Asset o && code.equals(o.code);
  }

  @Override
  public int hashCode() {
    return code.hashCode();
  }
}
