package dev.care.rules.segment;

import dev.care.core.error.CareException;

/**
 * A segment definition was rejected: an unknown attribute, a value the schema does not declare, a
 * type mismatch, an empty {@code in} list or a malformed JSON document. Names the segment, the
 * attribute (or JSON path) and the offending value.
 */
public final class InvalidSegmentException extends CareException {
  private static final long serialVersionUID = 1L;

  private final String segment;
  private final String attribute;
  private final String value;

  /**
   * Creates the exception.
   *
   * @param segment the segment id, or a JSON path when no id is known
   * @param attribute the attribute or JSON field concerned
   * @param value the offending value
   * @param reason what is wrong
   */
  public InvalidSegmentException(String segment, String attribute, String value, String reason) {
    super(
        "invalid segment "
            + segment
            + ": "
            + reason
            + " (attribute "
            + attribute
            + ", value '"
            + value
            + "')");
    this.segment = segment;
    this.attribute = attribute;
    this.value = value;
  }

  /**
   * The segment concerned.
   *
   * @return the segment id or JSON path
   */
  public String segment() {
    return segment;
  }

  /**
   * The attribute concerned.
   *
   * @return the attribute's text name or JSON field
   */
  public String attribute() {
    return attribute;
  }

  /**
   * The offending value.
   *
   * @return the value as written
   */
  public String value() {
    return value;
  }
}
