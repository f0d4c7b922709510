package dev.care.rules.segment;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.internal.TextParser;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A segment definition's boolean expression: comparisons, ranges, set membership, tags, consent and
 * birthdays, combined with {@code and}, {@code or} and {@code not}. Immutable values with
 * structural equality; {@code parse(e.toText()).equals(e)} for every expression.
 */
public sealed interface SegmentExpression {

  /** Names (enumeration values, tags): a letter, digit or underscore, then also dots and dashes. */
  Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

  /**
   * Parses the text form, e.g. {@code tier in (GOLD, PLATINUM) and recencyDays > 60}.
   *
   * @param text the expression
   * @return the expression
   * @throws SegmentParseException with line, column and what was expected, if the text is invalid
   */
  static SegmentExpression parse(String text) {
    Objects.requireNonNull(text, "text");
    return new TextParser<>(text, Expressions.INSTANCE).parseExpression();
  }

  /**
   * The text form, which parses back to an equal expression.
   *
   * @return the text
   */
  default String toText() {
    return print(this);
  }

  private static String print(SegmentExpression e) {
    if (e instanceof And a) {
      return a.operands().stream()
          .map(o -> o instanceof And || o instanceof Or ? "(" + print(o) + ")" : print(o))
          .collect(Collectors.joining(" and "));
    } else if (e instanceof Or o) {
      return o.operands().stream()
          .map(x -> x instanceof Or ? "(" + print(x) + ")" : print(x))
          .collect(Collectors.joining(" or "));
    } else if (e instanceof Not n) {
      return n.operand() instanceof And || n.operand() instanceof Or
          ? "not (" + print(n.operand()) + ")"
          : "not " + print(n.operand());
    } else if (e instanceof Compare c) {
      return c.attribute().textName() + " " + c.op().symbol() + " " + c.value();
    } else if (e instanceof Between b) {
      return b.attribute().textName() + " between " + b.low() + " and " + b.high();
    } else if (e instanceof In i) {
      return i.attribute().textName() + " in (" + String.join(", ", i.values()) + ")";
    } else if (e instanceof HasTag t) {
      return "hasTag(" + t.tag() + ")";
    } else if (e instanceof Consented c) {
      return "consent(" + c.channel().name() + ")";
    } else {
      return "birthdayWithin " + ((BirthdayWithin) e).days() + " days";
    }
  }

  /** Every operand holds. */
  record And(List<SegmentExpression> operands) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param operands two or more operands
     */
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("and needs at least 2 operands, got " + operands.size());
      }
    }

    /**
     * Convenience factory.
     *
     * @param operands two or more operands
     * @return the conjunction
     */
    public static And of(SegmentExpression... operands) {
      return new And(List.of(operands));
    }
  }

  /** At least one operand holds. */
  record Or(List<SegmentExpression> operands) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param operands two or more operands
     */
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("or needs at least 2 operands, got " + operands.size());
      }
    }

    /**
     * Convenience factory.
     *
     * @param operands two or more operands
     * @return the disjunction
     */
    public static Or of(SegmentExpression... operands) {
      return new Or(List.of(operands));
    }
  }

  /** The operand does not hold. */
  record Not(SegmentExpression operand) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param operand the negated expression
     */
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /** A numeric attribute compared with a literal: {@code frequency >= 3}. */
  record Compare(Attribute attribute, Comparison op, long value) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param attribute a numeric attribute
     * @param op the operator
     * @param value the literal
     */
    public Compare {
      requireNumeric(attribute, "compare");
      Objects.requireNonNull(op, "op");
    }
  }

  /** A numeric attribute within an inclusive range: {@code satisfactionIndex between 40 and 70}. */
  record Between(Attribute attribute, long low, long high) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param attribute a numeric attribute
     * @param low lowest value included
     * @param high highest value included, at least {@code low}
     */
    public Between {
      requireNumeric(attribute, "between");
      if (low > high) {
        throw new IllegalArgumentException(
            "between on " + attribute.textName() + ": low " + low + " is above high " + high);
      }
    }
  }

  /** An enumeration attribute is one of the listed values: {@code tier in (GOLD, PLATINUM)}. */
  record In(Attribute attribute, List<String> values) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param attribute an enumeration attribute
     * @param values one or more names
     */
    public In {
      Objects.requireNonNull(attribute, "attribute");
      if (attribute.kind() != Attribute.Kind.ENUMERATION) {
        throw new IllegalArgumentException(
            "type mismatch: attribute "
                + attribute.textName()
                + " is "
                + attribute.kind()
                + ", 'in' needs an enumeration");
      }
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("empty 'in' list for attribute " + attribute.textName());
      }
      for (String v : values) {
        requireName(v, attribute.textName() + " value");
      }
    }

    /**
     * Convenience factory.
     *
     * @param attribute an enumeration attribute
     * @param values one or more names
     * @return the expression
     */
    public static In of(Attribute attribute, String... values) {
      return new In(attribute, List.of(values));
    }
  }

  /** The customer carries a tag: {@code hasTag(vip)}. */
  record HasTag(String tag) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param tag a name
     */
    public HasTag {
      requireName(tag, "tag");
    }
  }

  /** The customer consented to contact on a channel: {@code consent(EMAIL)}. */
  record Consented(Channel channel) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param channel the channel
     */
    public Consented {
      Objects.requireNonNull(channel, "channel");
    }
  }

  /**
   * The customer's next birthday (today included) is at most {@code days} days away: {@code
   * birthdayWithin 7 days}. A 29 February birthday falls on 28 February in other years.
   */
  record BirthdayWithin(int days) implements SegmentExpression {
    /**
     * Validates.
     *
     * @param days 0 (today only) to 366
     */
    public BirthdayWithin {
      if (days < 0 || days > 366) {
        throw new IllegalArgumentException("birthdayWithin days must be 0..366, got " + days);
      }
    }
  }

  private static void requireNumeric(Attribute attribute, String what) {
    Objects.requireNonNull(attribute, "attribute");
    if (!attribute.isNumeric()) {
      throw new IllegalArgumentException(
          "type mismatch: attribute "
              + attribute.textName()
              + " is "
              + attribute.kind()
              + ", '"
              + what
              + "' needs a number");
    }
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " must be a name (letters, digits, _ . -), got '" + name + "'");
    }
  }
}
