package dev.care.rules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.SegmentExpression.And;
import dev.care.rules.segment.SegmentExpression.BirthdayWithin;
import dev.care.rules.segment.SegmentExpression.Compare;
import dev.care.rules.segment.SegmentExpression.Consented;
import dev.care.rules.segment.SegmentExpression.HasTag;
import dev.care.rules.segment.SegmentExpression.In;
import dev.care.rules.segment.SegmentExpression.Not;
import dev.care.rules.segment.SegmentExpression.Or;
import dev.care.rules.testing.Pbt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentTextTest {

  @Test
  void parse_issueExample_buildsFlatConjunction() {
    SegmentExpression e =
        SegmentExpression.parse("tier in (GOLD, PLATINUM) and recencyDays > 60 and frequency >= 3");
    assertThat(e)
        .isEqualTo(
            And.of(
                In.of(Attribute.TIER, "GOLD", "PLATINUM"),
                new Compare(Attribute.RECENCY_DAYS, Comparison.GT, 60),
                new Compare(Attribute.FREQUENCY, Comparison.GE, 3)));
  }

  @Test
  void parse_notBindsTighterThanOr_andAndTighterThanOr() {
    assertThat(SegmentExpression.parse("not hasTag(vip) or birthdayWithin 7 days"))
        .isEqualTo(Or.of(new Not(new HasTag("vip")), new BirthdayWithin(7)));
    assertThat(SegmentExpression.parse("consent(EMAIL) or rfmR = 5 and pAlive < 300"))
        .isEqualTo(
            Or.of(
                new Consented(Channel.EMAIL),
                And.of(
                    new Compare(Attribute.RFM_R, Comparison.EQ, 5),
                    new Compare(Attribute.P_ALIVE, Comparison.LT, 300))));
  }

  @Test
  void parse_enumEqualityAndInequality_becomeInAndNotIn() {
    assertThat(SegmentExpression.parse("lifecycleStage = LAPSED and tier != NONE"))
        .isEqualTo(
            And.of(
                In.of(Attribute.LIFECYCLE_STAGE, "LAPSED"),
                new Not(In.of(Attribute.TIER, "NONE"))));
  }

  @Test
  void parse_between_isInclusiveRange() {
    assertThat(
            SegmentExpression.parse("satisfactionIndex between 40 and 70 and openComplaints > 0"))
        .isEqualTo(
            And.of(
                new SegmentExpression.Between(Attribute.SATISFACTION_INDEX, 40, 70),
                new Compare(Attribute.OPEN_COMPLAINTS, Comparison.GT, 0)));
  }

  @Test
  void printThenParse_randomExpressions_roundTrips() {
    Pbt.qt()
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SegmentExpression e = RandomExpressions.expression(new Random(seed), 4);
              assertThat(SegmentExpression.parse(e.toText())).isEqualTo(e);
            });
  }

  @Test
  void parse_multiLineText_reportsLineAndColumn() {
    assertThatThrownBy(() -> SegmentExpression.parse("tier in (GOLD)\n  and recencyDays >> 60"))
        .isInstanceOfSatisfying(
            SegmentParseException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(20);
              assertThat(e.expected()).contains("a number");
              assertThat(e.getMessage()).startsWith("line 2, column 20: expected a number");
            });
  }

  @Test
  void parse_unknownAttribute_namesItAndListsKnownOnes() {
    assertThatThrownBy(() -> SegmentExpression.parse("recency > 60"))
        .isInstanceOfSatisfying(
            SegmentParseException.class,
            e -> {
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.column()).isEqualTo(1);
              assertThat(e.found()).isEqualTo("unknown attribute 'recency'");
              assertThat(e.expected()).contains("recencyDays");
            });
  }

  @Test
  void parse_typeMismatch_saysWhatWasExpected() {
    assertThatThrownBy(() -> SegmentExpression.parse("frequency >= 3 and tier > 2"))
        .isInstanceOfSatisfying(
            SegmentParseException.class,
            e -> {
              assertThat(e.column()).isEqualTo(25);
              assertThat(e.getMessage()).contains("enumeration attribute tier").contains("'>'");
            });
    assertThatThrownBy(() -> SegmentExpression.parse("frequency in (GOLD)"))
        .isInstanceOfSatisfying(
            SegmentParseException.class,
            e -> assertThat(e.getMessage()).contains("numeric attribute frequency"));
  }

  @Test
  void parse_emptyInList_isRejectedAtTheParenthesis() {
    assertThatThrownBy(() -> SegmentExpression.parse("tier in ()"))
        .isInstanceOfSatisfying(
            SegmentParseException.class,
            e -> {
              assertThat(e.column()).isEqualTo(10);
              assertThat(e.expected()).contains("at least one value").contains("tier");
            });
  }

  @Test
  void parse_incomplete_reportsEndOfInput() {
    assertThatThrownBy(() -> SegmentExpression.parse("(frequency > 1 and"))
        .isInstanceOfSatisfying(
            SegmentParseException.class,
            e -> {
              assertThat(e.found()).isEqualTo("end of input");
              assertThat(e.column()).isEqualTo(19);
            });
    assertThatThrownBy(() -> SegmentExpression.parse("(frequency > 1"))
        .hasMessageContaining("expected ')'");
  }

  @Test
  void constructors_badDefinitions_nameAttributeAndValue() {
    assertThatThrownBy(() -> new In(Attribute.TIER, java.util.List.of()))
        .hasMessageContaining("empty 'in' list for attribute tier");
    assertThatThrownBy(() -> new Compare(Attribute.TIER, Comparison.GT, 1))
        .hasMessageContaining("type mismatch: attribute tier");
    assertThatThrownBy(() -> new SegmentExpression.Between(Attribute.FREQUENCY, 5, 1))
        .hasMessageContaining("frequency");
  }
}
