package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Channel;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.rules.segment.CustomerAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributesCodecTest {
  private static final CustomerAttributes ATTRIBUTES =
      CustomerAttributes.builder()
          .lastPurchase(LocalDate.of(2026, 3, 1))
          .enrolled(LocalDate.of(2025, 1, 10))
          .frequency(4)
          .monetary(12_000)
          .pointsBalance(250)
          .tier("GOLD")
          .lifecycleStage(LifecycleStage.GROWING)
          .tags(Set.of("vip", "colour"))
          .consents(Set.of(Channel.EMAIL))
          .build();

  private static final Instant T = Instant.parse("2026-03-15T10:00:00Z");

  @Test
  void a_projection_with_pending_points_round_trips() {
    Projection p =
        new Projection(
            ATTRIBUTES,
            List.of(
                new Projection.Activation(T, 40),
                new Projection.Activation(T.plusSeconds(86_400), 25)));
    Map<String, String> stored = AttributesCodec.encode(p);
    assertThat(stored)
        .containsEntry("activations", "2026-03-15T10:00:00Z=40,2026-03-16T10:00:00Z=25");
    assertThat(AttributesCodec.decode(stored)).contains(p);
  }

  @Test
  void a_projection_without_pending_points_stores_no_activations() {
    Map<String, String> stored = AttributesCodec.encode(Projection.of(ATTRIBUTES));
    assertThat(stored).doesNotContainKey("activations");
    assertThat(AttributesCodec.decode(stored)).contains(Projection.of(ATTRIBUTES));
  }

  @Test
  void the_attributes_at_an_instant_count_the_points_due_by_then() {
    Projection p =
        new Projection(
            ATTRIBUTES,
            List.of(
                new Projection.Activation(T, 40),
                new Projection.Activation(T.plusSeconds(60), 25)));
    assertThat(p.attributesAt(T.minusNanos(1))).isSameAs(ATTRIBUTES);
    assertThat(p.attributesAt(T).pointsBalance()).isEqualTo(290);
    assertThat(p.attributesAt(T.plusSeconds(60)).pointsBalance()).isEqualTo(315);
    assertThat(p.attributesAt(T.plusSeconds(60)).tier()).isEqualTo("GOLD");
  }

  @Test
  void malformed_activations_are_refused_with_the_text() {
    Map<String, String> stored = new HashMap<>(AttributesCodec.encode(Projection.of(ATTRIBUTES)));
    stored.put("activations", "2026-03-15T10:00:00Z");
    assertThatThrownBy(() -> AttributesCodec.decode(stored))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-03-15T10:00:00Z");
    for (String bad :
        List.of("yesterday=40", "2026-03-15T10:00:00Z=many", "2026-03-15T10:00:00Z=0")) {
      stored.put("activations", bad);
      assertThatThrownBy(() -> AttributesCodec.decode(stored))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("stored activation " + bad);
    }
    assertThatThrownBy(
            () ->
                new Projection(
                    ATTRIBUTES,
                    List.of(
                        new Projection.Activation(T.plusSeconds(1), 1),
                        new Projection.Activation(T, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time order");
    assertThatThrownBy(() -> new Projection.Activation(T, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points > 0");
  }
}
