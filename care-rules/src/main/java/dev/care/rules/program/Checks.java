package dev.care.rules.program;

import dev.care.rules.program.internal.Text;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

/** Argument checks shared by the program records; messages name the field and the value. */
final class Checks {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,79}");

  private Checks() {}

  static String id(String field, String value) {
    java.util.Objects.requireNonNull(value, field);
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must match " + ID.pattern() + ", got " + Text.quote(value));
    }
    return value;
  }

  static long range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  static BigDecimal nonNegative(String field, BigDecimal value) {
    java.util.Objects.requireNonNull(value, field);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + show(value));
    }
    return bounded(field, value);
  }

  /**
   * Checks a decimal has at most 15 digits before the decimal point and 12 after it (trailing zeros
   * not counted), the bounds {@link ProgramLoader} applies when reading, so that no rule text or
   * arithmetic later meets a number with a billion digits.
   */
  static BigDecimal bounded(String field, BigDecimal value) {
    java.util.Objects.requireNonNull(value, field);
    if (value.signum() == 0) {
      return value;
    }
    if ((long) value.precision() - value.scale() > ProgramLoader.MAX_INTEGER_DIGITS
        || value.stripTrailingZeros().scale() > ProgramLoader.MAX_DECIMAL_PLACES) {
      throw new IllegalArgumentException(
          field
              + " must have at most "
              + ProgramLoader.MAX_INTEGER_DIGITS
              + " digits before the decimal point and "
              + ProgramLoader.MAX_DECIMAL_PLACES
              + " after it, got "
              + show(value));
    }
    return value;
  }

  /**
   * A decimal for a message, never longer than about 60 characters: plain when that is short,
   * scientific otherwise ({@code toPlainString} of {@code 1e-999999999} is a billion characters).
   */
  static String show(BigDecimal value) {
    long integerDigits = (long) value.precision() - value.scale();
    if (value.precision() <= 40 && integerDigits <= 20 && value.scale() <= 20) {
      return value.toPlainString();
    }
    String s = value.round(new java.math.MathContext(12)).toString();
    return s + " (rounded)";
  }

  static Duration positive(String field, Duration value) {
    java.util.Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
    return value;
  }
}
