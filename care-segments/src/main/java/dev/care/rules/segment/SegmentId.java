package dev.care.rules.segment;

import java.util.Objects;

/**
 * Identifies a segment definition.
 *
 * @param value a name: letters, digits, {@code _ . -}
 */
public record SegmentId(String value) {
  /** Validates. */
  public SegmentId {
    Objects.requireNonNull(value, "value");
    if (!SegmentExpression.NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "segment id must be a name (letters, digits, _ . -), got '" + value + "'");
    }
  }

  /**
   * Factory.
   *
   * @param value the id
   * @return the id
   */
  public static SegmentId of(String value) {
    return new SegmentId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
