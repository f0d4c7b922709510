package dev.care.storage.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OutboxMessageTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

  private static OutboxMessage message(Map<String, String> attributes) {
    return OutboxMessage.pending(
        "event/x/C-1",
        "event",
        Optional.of(CustomerId.of("C-1")),
        Optional.empty(),
        attributes,
        AT);
  }

  @Test
  void attributes_are_held_sorted_by_name_whatever_order_they_came_in() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("occurredAt", "2026-03-02T10:00:00Z");
    given.put("customer", "C-1");
    given.put("to", "ACTIVE");
    given.put("amountMinor", "1250");
    given.put("reason", "first purchase");

    Map<String, String> held = message(given).attributes();

    assertThat(new ArrayList<>(held.keySet()))
        .containsExactly("amountMinor", "customer", "occurredAt", "reason", "to");
    assertThat(new ArrayList<>(held.values()))
        .containsExactly("1250", "C-1", "2026-03-02T10:00:00Z", "first purchase", "ACTIVE");
    assertThat(held).isEqualTo(given).hasSameHashCodeAs(given);
    assertThat(given).isEqualTo(held);
    assertThat(held.toString()).isEqualTo(new TreeMap<>(given).toString());
  }

  @Test
  void lookups_find_every_name_and_nothing_else() {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      given.put("name" + i, "value" + i);
    }
    Map<String, String> held = message(given).attributes();

    assertThat(held).hasSize(40);
    given.forEach(
        (name, value) -> {
          assertThat(held.get(name)).isEqualTo(value);
          assertThat(held.containsKey(name)).isTrue();
        });
    assertThat(held.get("name40")).isNull();
    assertThat(held.get("")).isNull();
    assertThat(held.containsKey("name")).isFalse();
    assertThat(held.get(7)).isNull();
    assertThat(held.containsKey(null)).isFalse();
    assertThat(message(Map.of()).attributes()).isEmpty();
  }

  @Test
  void attributes_cannot_be_changed_and_do_not_follow_the_map_they_were_made_from() {
    Map<String, String> given = new HashMap<>(Map.of("b", "2", "a", "1"));
    Map<String, String> held = message(given).attributes();
    given.put("c", "3");
    given.put("a", "changed");

    assertThat(held).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThatThrownBy(() -> held.put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> held.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(held::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> held.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    var it = held.entrySet().iterator();
    it.next();
    assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
    assertThat(held).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @Test
  void copies_made_by_status_changes_share_the_attributes() {
    OutboxMessage pending = message(Map.of("customer", "C-1"));
    OutboxMessage attempted =
        pending.attempted(DeliveryStatus.DELIVERED, AT.plusSeconds(1), Optional.empty());
    OutboxMessage deferred = pending.deferred(AT.plusSeconds(60), "quiet hours");

    assertThat(attempted.attributes()).isSameAs(pending.attributes());
    assertThat(deferred.attributes()).isSameAs(pending.attributes());
    assertThat(attempted).isNotEqualTo(pending);
    assertThat(message(Map.of("customer", "C-1"))).isEqualTo(pending);
  }

  @Test
  void a_name_that_is_null_is_refused() {
    Map<String, String> given = new HashMap<>();
    given.put("customer", "C-1");
    given.put(null, "x");

    assertThatThrownBy(() -> message(given)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void a_sorted_map_in_natural_order_is_taken_as_it_is_sorted_and_one_in_another_order_is_sorted() {
    TreeMap<String, String> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(Map.of("a", "1", "b", "2", "c", "3"));

    assertThat(new ArrayList<>(message(reversed).attributes().keySet()))
        .containsExactly("a", "b", "c");
    assertThat(new ArrayList<>(message(new TreeMap<>(reversed)).attributes().keySet()))
        .containsExactly("a", "b", "c");
    assertThat(List.copyOf(message(reversed).attributes().entrySet()))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
  }
}
