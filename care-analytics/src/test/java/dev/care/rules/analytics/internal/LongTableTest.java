package dev.care.rules.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongTableTest {
  /** Counts as a map counts them, across many growths, with keys that collide in the low bits. */
  @Test
  void count_get_set_keys_agreeWithAMap() {
    SplittableRandom random = new SplittableRandom(20261205L);
    LongTable table = new LongTable();
    Map<Long, Integer> expected = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      long key =
          switch (i % 3) {
            case 0 -> random.nextLong();
            case 1 -> (long) random.nextInt(5_000) << 40; // low bits all zero
            default -> Double.doubleToLongBits(random.nextInt(700) / 7.0);
          };
      table.count(key);
      expected.merge(key, 1, Integer::sum);
    }
    assertThat(table.size()).isEqualTo(expected.size());
    assertThat(table.keys())
        .containsExactlyInAnyOrder(expected.keySet().stream().mapToLong(Long::longValue).toArray());
    expected.forEach((k, v) -> assertThat(table.get(k)).isEqualTo(v));
    assertThat(table.get(42L)).isEqualTo(expected.getOrDefault(42L, -1));
    long some = expected.keySet().iterator().next();
    table.set(some, 7);
    assertThat(table.get(some)).isEqualTo(7);
    long absent = 1;
    while (expected.containsKey(absent)) {
      absent++;
    }
    long missing = absent;
    assertThatThrownBy(() -> table.set(missing, 1)).hasMessageContaining("not in the table");
  }
}
