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

  @Test
  void a_malformed_or_missing_entry_is_refused_naming_it() {
    Map<String, String> good = AttributesCodec.encode(Projection.of(ATTRIBUTES));
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("lastPurchase", "2026-02-30"),
            Map.entry("enrolled", "last spring"),
            Map.entry("frequency", "often"),
            Map.entry("monetary", "12.50"),
            Map.entry("points", ""),
            Map.entry("satisfaction", "high"),
            Map.entry("openComplaints", "-"),
            Map.entry("rfm", "1,2"),
            Map.entry("pAlive", "0.5"),
            Map.entry("stage", "GONE"),
            Map.entry("type", "ROBOT"),
            Map.entry("consents", "EMAIL,PIGEON"),
            Map.entry("birthday", "--02-30"));
    bad.forEach(
        (name, text) -> {
          Map<String, String> stored = new HashMap<>(good);
          stored.put(name, text);
          assertThatThrownBy(() -> AttributesCodec.decode(stored))
              .as(name)
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("stored projection entry " + name + " '" + text + "'");
        });
    for (String name :
        List.of(
            "frequency", "monetary", "points", "satisfaction", "openComplaints", "tier", "type")) {
      Map<String, String> stored = new HashMap<>(good);
      stored.remove(name);
      assertThatThrownBy(() -> AttributesCodec.decode(stored))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stored projection has no " + name);
    }
    // the entries written later than the first projections may be missing: their defaults
    Map<String, String> older = new HashMap<>(good);
    older.keySet().removeAll(List.of("rfm", "pAlive", "tags", "consents", "activations"));
    CustomerAttributes read = AttributesCodec.decode(older).orElseThrow().attributes();
    assertThat(read.pAlive()).isZero();
    assertThat(read.rfmR()).isZero();
    assertThat(read.tags()).isEmpty();
    assertThat(read.consents()).isEmpty();
  }
}
