package dev.care.rules.segment;

import java.util.Arrays;
import java.util.Optional;

/** A comparison operator of the segment language. */
public enum Comparison {
  /** Equal. */
  EQ("="),
  /** Not equal. */
  NE("!="),
  /** Less than. */
  LT("<"),
  /** Less than or equal. */
  LE("<="),
  /** Greater than. */
  GT(">"),
  /** Greater than or equal. */
  GE(">=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  /**
   * The operator as written in the text and JSON forms.
   *
   * @return e.g. {@code >=}
   */
  public String symbol() {
    return symbol;
  }

  /**
   * Looks an operator up by its symbol.
   *
   * @param symbol e.g. {@code <=}
   * @return the operator, or empty
   */
  public static Optional<Comparison> bySymbol(String symbol) {
    return Arrays.stream(values()).filter(c -> c.symbol.equals(symbol)).findFirst();
  }

  /**
   * Applies the operator.
   *
   * @param left the attribute value
   * @param right the literal
   * @return whether {@code left op right} holds
   */
  public boolean test(long left, long right) {
    return switch (this) {
      case EQ -> left == right;
      case NE -> left != right;
      case LT -> left < right;
      case LE -> left <= right;
      case GT -> left > right;
      case GE -> left >= right;
    };
  }
}
