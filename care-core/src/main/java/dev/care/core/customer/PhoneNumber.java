package dev.care.core.customer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 form, e.g. {@code +4915112345678}.
 *
 * @param e164 the number: a plus sign and 7 to 15 digits, not starting with 0
 */
public record PhoneNumber(String e164) {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  /** Validates the format. */
  public PhoneNumber {
    Objects.requireNonNull(e164, "e164");
    if (!E164.matcher(e164).matches()) {
      throw new IllegalArgumentException(
          "phone must be E.164 (+ and 7..15 digits), got '" + e164 + "'");
    }
  }

  @Override
  public String toString() {
    return e164;
  }
}
