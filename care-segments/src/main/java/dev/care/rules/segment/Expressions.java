package dev.care.rules.segment;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.internal.ExpressionFactory;
import java.util.List;

/** Builds {@link SegmentExpression} nodes for the internal text parser. */
final class Expressions implements ExpressionFactory<SegmentExpression> {
  static final Expressions INSTANCE = new Expressions();

  private Expressions() {}

  @Override
  public SegmentExpression and(List<SegmentExpression> operands) {
    return new SegmentExpression.And(operands);
  }

  @Override
  public SegmentExpression or(List<SegmentExpression> operands) {
    return new SegmentExpression.Or(operands);
  }

  @Override
  public SegmentExpression not(SegmentExpression operand) {
    return new SegmentExpression.Not(operand);
  }

  @Override
  public SegmentExpression compare(Attribute attribute, Comparison op, long value) {
    return new SegmentExpression.Compare(attribute, op, value);
  }

  @Override
  public SegmentExpression between(Attribute attribute, long low, long high) {
    return new SegmentExpression.Between(attribute, low, high);
  }

  @Override
  public SegmentExpression in(Attribute attribute, List<String> values) {
    return new SegmentExpression.In(attribute, values);
  }

  @Override
  public SegmentExpression hasTag(String tag) {
    return new SegmentExpression.HasTag(tag);
  }

  @Override
  public SegmentExpression consented(Channel channel) {
    return new SegmentExpression.Consented(channel);
  }

  @Override
  public SegmentExpression birthdayWithin(int days) {
    return new SegmentExpression.BirthdayWithin(days);
  }
}
