package dev.care.rules.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagSetTest {

  @Test
  void copyOf_anySet_equalsAndHashesAsTheSetAndIteratesSorted() {
    List<Set<String>> cases =
        List.of(Set.of(), Set.of("vip"), Set.of("vip", "b2b"), Set.of("pet", "eco", "vip", "a"));
    for (Set<String> expected : cases) {
      TagSet s = TagSet.copyOf(expected);
      assertThat(s).isEqualTo(expected).hasSameHashCodeAs(expected).hasSize(expected.size());
      assertThat(expected).isEqualTo(s);
      assertThat(List.copyOf(s)).isSorted().containsExactlyInAnyOrderElementsOf(expected);
      assertThat(TagSet.array(s)).containsExactlyElementsOf(s);
      assertThat(s.contains("missing")).isFalse();
      expected.forEach(t -> assertThat(s.contains(t)).isTrue());
      assertThat(TagSet.copyOf(s)).isSameAs(s);
    }
  }

  @Test
  void copyOf_duplicatesInAList_keepsOne() {
    TagSet s = TagSet.copyOf(Arrays.asList("b", "a", "b", "a", "c"));
    assertThat(s).containsExactly("a", "b", "c");
  }

  @Test
  void copyOf_nullTag_throws() {
    assertThatThrownBy(() -> TagSet.copyOf(new HashSet<>(Arrays.asList("a", null))))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void mutators_always_throw() {
    TagSet s = TagSet.copyOf(Set.of("vip"));
    assertThatThrownBy(() -> s.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.remove("vip")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(s::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.retainAll(Set.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(TagSet.array(Set.of("vip"))).isNull();
  }
}
