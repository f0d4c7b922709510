package dev.care.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CareStateTest {
  private static final CustomerId ANN = CustomerId.of("ann");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void the_referrer_and_the_manual_tier_survive_every_copy() {
    ManualTier gold = new ManualTier(ManualTier.Mode.FLOOR, TierId.of("GOLD"), T0.plusSeconds(60));
    CareState s =
        CareState.initial(ANN, T0)
            .withReferrer(Optional.of(CustomerId.of("ben")))
            .withTier(Optional.of(gold), Optional.empty())
            .withJournalLength(3)
            .withStage(Optional.empty())
            .withWinBackSent(Optional.of(T0))
            .withAdvancedUntil(T0.plusSeconds(5))
            .withNextDue(Optional.of(T0.plusSeconds(9)))
            .withAttributes(java.util.Map.of("a", "b"));
    assertThat(s.referrer()).contains(CustomerId.of("ben"));
    assertThat(s.manualTier()).contains(gold);
  }

  @Test
  void a_customer_cannot_be_their_own_referrer() {
    assertThatThrownBy(() -> CareState.initial(ANN, T0).withReferrer(Optional.of(ANN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ann")
        .hasMessageContaining("own referrer");
  }

  @Test
  void a_manual_tier_applies_before_its_end_only() {
    ManualTier fixed = new ManualTier(ManualTier.Mode.FIXED, TierId.of("GOLD"), T0);
    assertThat(fixed.activeAt(T0.minusNanos(1))).isTrue();
    assertThat(fixed.activeAt(T0)).isFalse();
  }
}
