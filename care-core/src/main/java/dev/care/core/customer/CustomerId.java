package dev.care.core.customer;

import java.util.Objects;

/**
 * A customer's identifier, supplied by the merchant's application. It survives erasure: personal
 * data is removed, the id stays so ledgers still sum.
 *
 * @param value 1 to 128 characters, no control characters, not blank
 */
public record CustomerId(String value) implements Comparable<CustomerId> {
  /** Longest accepted id. */
  public static final int MAX_LENGTH = 128;

  /** Validates the id. */
  public CustomerId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "customerId must be 1.." + MAX_LENGTH + " non-blank characters, got '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "customerId must not contain control characters, got '" + value + "'");
      }
    }
  }

  /**
   * Shorthand for {@code new CustomerId(value)}.
   *
   * @param value the id
   * @return the id
   */
  public static CustomerId of(String value) {
    return new CustomerId(value);
  }

  /**
   * Orders ids by Unicode code point, as storage does (PostgreSQL's {@code "C"} collation on UTF-8
   * compares bytes, which is code-point order). {@link String#compareTo} compares UTF-16 units,
   * which puts characters beyond the BMP (surrogate pairs) before U+E000..U+FFFF: pages read in one
   * order and resumed in the other would skip or repeat customers.
   *
   * @param o the other id
   * @return negative, zero or positive as this id sorts before, with or after {@code o}
   */
  @Override
  public int compareTo(CustomerId o) {
    String a = value;
    String b = o.value;
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return codePointRank(x) - codePointRank(y);
      }
    }
    return a.length() - b.length();
  }

  /**
   * A UTF-16 unit's rank in code-point order: surrogates (D800..DFFF, which encode code points
   * above FFFF) move above E000..FFFF. Exact at the first unit where two strings differ.
   */
  private static int codePointRank(char c) {
    if (c >= '\uE000') {
      return c - 0x800;
    }
    return c >= '\uD800' ? c + 0x2000 : c;
  }

  @Override
  public String toString() {
    return value;
  }

  // written out (the same values as a record's own): the generated ones go through method handles,
  // which cost the JIT more on these keys of every map in the engine
  @Override
  public boolean equals(Object other) {
    return other instanceof CustomerId o && value.equals(o.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
