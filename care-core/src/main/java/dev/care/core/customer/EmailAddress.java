package dev.care.core.customer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An e-mail address, checked for plain shape only (local part, {@code @}, a dotted domain).
 *
 * @param value the address, at most 254 characters
 */
public record EmailAddress(String value) {
  private static final Pattern SHAPE =
      Pattern.compile(
          "[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)+");

  /** Validates the shape. */
  public EmailAddress {
    Objects.requireNonNull(value, "value");
    if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException("email is not a valid address: '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
