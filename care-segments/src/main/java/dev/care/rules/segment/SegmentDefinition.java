package dev.care.rules.segment;

import dev.care.rules.segment.internal.JsonCodec;
import java.util.Objects;

/**
 * A named segment: an id, a human-readable name and the expression that decides membership.
 *
 * @param id the id, unique within an engine
 * @param name a display name, not blank
 * @param expression who belongs
 */
public record SegmentDefinition(SegmentId id, String name, SegmentExpression expression) {
  /** Validates. */
  public SegmentDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    if (name.isBlank()) {
      throw new IllegalArgumentException("segment name must not be blank (segment " + id + ")");
    }
  }

  /**
   * Builds a definition from the text form.
   *
   * @param id the id
   * @param name the display name
   * @param text the expression, e.g. {@code tier in (GOLD, PLATINUM) and recencyDays > 60}
   * @return the definition
   * @throws SegmentParseException if the text is invalid
   */
  public static SegmentDefinition parse(String id, String name, String text) {
    return new SegmentDefinition(SegmentId.of(id), name, SegmentExpression.parse(text));
  }

  /**
   * The JSON form, e.g. {@code {"id":"x","name":"X","expression":{"and":[...]}}}.
   *
   * @return the JSON text
   */
  public String toJson() {
    return JsonCodec.write(id, name, expression);
  }

  /**
   * Reads the JSON form written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the definition
   * @throws InvalidSegmentException naming the JSON path and value if the document is invalid
   */
  public static SegmentDefinition fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return JsonCodec.read(json, SegmentDefinition::new);
  }
}
