package dev.care.rules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.rules.testing.Pbt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentJsonTest {

  @Test
  void toJson_issueExample_readableTree() {
    SegmentDefinition d =
        SegmentDefinition.parse(
            "lapsed-gold", "Lapsed gold", "tier in (GOLD) and recencyDays > 60");
    assertThat(d.toJson())
        .isEqualTo(
            "{\"id\":\"lapsed-gold\",\"name\":\"Lapsed gold\",\"expression\":{\"and\":["
                + "{\"attribute\":\"tier\",\"in\":[\"GOLD\"]},"
                + "{\"attribute\":\"recencyDays\",\"op\":\">\",\"value\":60}]}}");
  }

  @Test
  void fromJson_randomDefinitions_roundTrips() {
    Pbt.qt()
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SegmentDefinition d =
                  new SegmentDefinition(
                      SegmentId.of("s" + (seed & 0xff)),
                      "Segment \"" + seed + "\"",
                      RandomExpressions.expression(new Random(seed), 4));
              assertThat(SegmentDefinition.fromJson(d.toJson())).isEqualTo(d);
            });
  }

  @Test
  void fromJson_unknownAttribute_namesPathAndValue() {
    assertThatThrownBy(
            () ->
                SegmentDefinition.fromJson(
                    "{\"id\":\"x\",\"name\":\"X\",\"expression\":{\"and\":[{\"hasTag\":\"a\"},"
                        + "{\"attribute\":\"recency\",\"op\":\">\",\"value\":1}]}}"))
        .isInstanceOfSatisfying(
            InvalidSegmentException.class,
            e -> {
              assertThat(e.segment()).isEqualTo("$.expression.and[1]");
              assertThat(e.attribute()).isEqualTo("attribute");
              assertThat(e.value()).isEqualTo("recency");
              assertThat(e.getMessage()).contains("unknown attribute");
            });
  }

  @Test
  void fromJson_typeMismatchAndEmptyIn_areRejected() {
    assertThatThrownBy(
            () ->
                SegmentDefinition.fromJson(
                    "{\"id\":\"x\",\"name\":\"X\",\"expression\":"
                        + "{\"attribute\":\"frequency\",\"op\":\">\",\"value\":\"lots\"}}"))
        .isInstanceOf(InvalidSegmentException.class)
        .hasMessageContaining("type mismatch")
        .hasMessageContaining("frequency");
    assertThatThrownBy(
            () ->
                SegmentDefinition.fromJson(
                    "{\"id\":\"x\",\"name\":\"X\",\"expression\":{\"attribute\":\"tier\",\"in\":[]}}"))
        .isInstanceOf(InvalidSegmentException.class)
        .hasMessageContaining("empty 'in' list for attribute tier");
  }

  @Test
  void validate_undeclaredTier_namesSegmentAttributeAndValue() {
    SegmentDefinition d = SegmentDefinition.parse("d", "D", "tier in (GOLD, DIAMOND)");
    assertThatThrownBy(() -> SegmentSchema.standard().validate(d))
        .isInstanceOfSatisfying(
            InvalidSegmentException.class,
            e -> {
              assertThat(e.segment()).isEqualTo("d");
              assertThat(e.attribute()).isEqualTo("tier");
              assertThat(e.value()).isEqualTo("DIAMOND");
            });
  }
}
