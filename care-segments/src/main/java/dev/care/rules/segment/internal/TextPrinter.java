package dev.care.rules.segment.internal;

import dev.care.rules.segment.SegmentExpression;
import dev.care.rules.segment.SegmentExpression.And;
import dev.care.rules.segment.SegmentExpression.Between;
import dev.care.rules.segment.SegmentExpression.BirthdayWithin;
import dev.care.rules.segment.SegmentExpression.Compare;
import dev.care.rules.segment.SegmentExpression.Consented;
import dev.care.rules.segment.SegmentExpression.HasTag;
import dev.care.rules.segment.SegmentExpression.In;
import dev.care.rules.segment.SegmentExpression.Not;
import dev.care.rules.segment.SegmentExpression.Or;
import java.util.stream.Collectors;

/** Prints the text form so that parsing it gives back an equal expression. */
public final class TextPrinter {
  private TextPrinter() {}

  /**
   * Prints an expression.
   *
   * @param e the expression
   * @return its text form
   */
  public static String print(SegmentExpression e) {
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
}
