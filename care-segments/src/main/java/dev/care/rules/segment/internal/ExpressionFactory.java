package dev.care.rules.segment.internal;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.Attribute;
import dev.care.rules.segment.Comparison;
import java.util.List;

/**
 * How the text parser builds the nodes of an expression without knowing the expression type: the
 * public {@code SegmentExpression} supplies an implementation, so the parser depends on the
 * attributes and comparisons only and the public type is the one that knows both (no cycle between
 * the API and this package).
 *
 * @param <E> the expression type built
 */
public interface ExpressionFactory<E> {
  /**
   * Every operand holds.
   *
   * @param operands two or more operands
   * @return the conjunction
   */
  E and(List<E> operands);

  /**
   * At least one operand holds.
   *
   * @param operands two or more operands
   * @return the disjunction
   */
  E or(List<E> operands);

  /**
   * The operand does not hold.
   *
   * @param operand the operand
   * @return the negation
   */
  E not(E operand);

  /**
   * A numeric comparison.
   *
   * @param attribute the attribute
   * @param op the comparison
   * @param value the value compared with
   * @return the comparison
   */
  E compare(Attribute attribute, Comparison op, long value);

  /**
   * An inclusive range.
   *
   * @param attribute the attribute
   * @param low the lower bound
   * @param high the upper bound
   * @return the range
   */
  E between(Attribute attribute, long low, long high);

  /**
   * Membership in a set of enumeration values.
   *
   * @param attribute the attribute
   * @param values the values
   * @return the membership test
   */
  E in(Attribute attribute, List<String> values);

  /**
   * The customer carries a tag.
   *
   * @param tag the tag
   * @return the test
   */
  E hasTag(String tag);

  /**
   * The customer consents to a channel.
   *
   * @param channel the channel
   * @return the test
   */
  E consented(Channel channel);

  /**
   * The birthday falls within some days.
   *
   * @param days the days ahead
   * @return the test
   */
  E birthdayWithin(int days);
}
