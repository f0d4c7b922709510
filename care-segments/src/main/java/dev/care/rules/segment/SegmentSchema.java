package dev.care.rules.segment;

import dev.care.core.customer.CustomerType;
import dev.care.core.lifecycle.LifecycleStage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The declared values of the enumeration attributes: the program's tier ids (in order), and the
 * life-cycle stages and customer types of {@code care-core}. Definitions are checked against the
 * schema when an engine is built.
 *
 * @param tiers the tier ids, 1 to 64 distinct names
 */
public record SegmentSchema(List<String> tiers) {
  /** Validates. */
  public SegmentSchema {
    tiers = List.copyOf(tiers);
    if (tiers.isEmpty() || tiers.size() > 64) {
      throw new IllegalArgumentException("tiers must hold 1 to 64 ids, got " + tiers.size());
    }
    if (new HashSet<>(tiers).size() != tiers.size()) {
      throw new IllegalArgumentException("tiers must be distinct, got " + tiers);
    }
    for (String t : tiers) {
      if (!SegmentExpression.NAME.matcher(t).matches()) {
        throw new IllegalArgumentException("tier id must be a name, got '" + t + "'");
      }
    }
  }

  /**
   * A schema with the tiers {@code NONE, BRONZE, SILVER, GOLD, PLATINUM}.
   *
   * @return the schema
   */
  public static SegmentSchema standard() {
    return new SegmentSchema(List.of("NONE", "BRONZE", "SILVER", "GOLD", "PLATINUM"));
  }

  /**
   * The declared values of an enumeration attribute, in ordinal order.
   *
   * @param attribute an enumeration attribute
   * @return its values
   */
  public List<String> values(Attribute attribute) {
    Objects.requireNonNull(attribute, "attribute");
    return switch (attribute) {
      case TIER -> tiers;
      case LIFECYCLE_STAGE -> Arrays.stream(LifecycleStage.values()).map(Enum::name).toList();
      case CUSTOMER_TYPE -> Arrays.stream(CustomerType.values()).map(Enum::name).toList();
      default ->
          throw new IllegalArgumentException(
              "attribute " + attribute.textName() + " is not an enumeration");
    };
  }

  /**
   * The ordinal of an enumeration value.
   *
   * @param attribute an enumeration attribute
   * @param value a value name
   * @return its position in {@link #values(Attribute)}, or -1 when not declared
   */
  public int ordinal(Attribute attribute, String value) {
    return values(attribute).indexOf(value);
  }

  /**
   * Checks a definition against the schema: every enumeration value must be declared.
   *
   * @param definition the definition
   * @throws InvalidSegmentException naming the segment, attribute and value otherwise
   */
  public void validate(SegmentDefinition definition) {
    check(definition.id().value(), definition.expression());
  }

  private void check(String id, SegmentExpression e) {
    if (e instanceof SegmentExpression.And a) {
      a.operands().forEach(o -> check(id, o));
    } else if (e instanceof SegmentExpression.Or o) {
      o.operands().forEach(x -> check(id, x));
    } else if (e instanceof SegmentExpression.Not n) {
      check(id, n.operand());
    } else if (e instanceof SegmentExpression.In in) {
      for (String v : in.values()) {
        if (ordinal(in.attribute(), v) < 0) {
          throw new InvalidSegmentException(
              id,
              in.attribute().textName(),
              v,
              "unknown value; "
                  + in.attribute().textName()
                  + " is one of "
                  + values(in.attribute()));
        }
      }
    }
  }
}
