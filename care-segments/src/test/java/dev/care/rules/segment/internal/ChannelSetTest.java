package dev.care.rules.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Channel;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelSetTest {

  @Test
  void copyOf_everySubset_equalsAndHashesAsTheEnumSet() {
    Channel[] all = Channel.values();
    for (int m = 0; m < 1 << all.length; m++) {
      Set<Channel> expected = EnumSet.noneOf(Channel.class);
      for (Channel c : all) {
        if (((m >>> c.ordinal()) & 1) != 0) {
          expected.add(c);
        }
      }
      ChannelSet s = ChannelSet.copyOf(new HashSet<>(expected));
      assertThat(s).isEqualTo(expected).hasSameHashCodeAs(expected).hasSize(expected.size());
      assertThat(expected).isEqualTo(s);
      assertThat(List.copyOf(s)).containsExactlyElementsOf(expected);
      assertThat(ChannelSet.mask(s)).isEqualTo(m).isEqualTo(ChannelSet.mask(expected));
      for (Channel c : all) {
        assertThat(s.contains(c)).isEqualTo(expected.contains(c));
      }
    }
  }

  @Test
  void copyOf_nullChannel_throws() {
    assertThatThrownBy(
            () -> ChannelSet.copyOf(new HashSet<>(java.util.Arrays.asList((Channel) null))))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void mutators_always_throw() {
    ChannelSet s = ChannelSet.copyOf(Set.of(Channel.EMAIL));
    assertThatThrownBy(() -> s.add(Channel.SMS)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.remove(Channel.EMAIL))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(s::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.retainAll(Set.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(s).containsExactly(Channel.EMAIL);
  }
}
