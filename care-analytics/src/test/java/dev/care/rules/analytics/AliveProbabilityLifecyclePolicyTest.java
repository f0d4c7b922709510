package dev.care.rules.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.lifecycle.RuleBasedLifecyclePolicy;
import dev.care.core.money.Money;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class AliveProbabilityLifecyclePolicyTest {
  private static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
  private static final CustomerId ID = CustomerId.of("C-1");
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private final AliveProbabilityLifecyclePolicy policy =
      AliveProbabilityLifecyclePolicy.defaults(CDNOW, PeriodUnit.WEEKS, ZoneOffset.UTC);

  private static ConsumptionHistory history(int... weeks) {
    List<Purchase> ps = new ArrayList<>();
    for (int i = 0; i < weeks.length; i++) {
      ps.add(
          Purchase.of(
              "O-" + i, ID, T0.plus(7L * weeks[i], ChronoUnit.DAYS), Money.ofMinor("EUR", 1000)));
    }
    return ConsumptionHistory.of(ID, Currency.getInstance("EUR"), ps);
  }

  private static Instant week(int w) {
    return T0.plus(7L * w, ChronoUnit.DAYS);
  }

  @Test
  void infer_regularRecentBuyer_isMature_thenDeclines_thenLapses() {
    ConsumptionHistory h = history(0, 2, 4, 6, 8, 10);
    // x = 5, t_x = 10 weeks; P(alive) falls as T grows
    assertThat(policy.infer(h, week(11)).stage()).isEqualTo(LifecycleStage.MATURE);
    assertThat(CDNOW.probabilityAlive(5, 10, 20)).isBetween(0.2, 0.5);
    assertThat(policy.infer(h, week(20)).stage()).isEqualTo(LifecycleStage.DECLINING);
    assertThat(CDNOW.probabilityAlive(5, 10, 30)).isLessThan(0.2);
    assertThat(policy.infer(h, week(30)).stage()).isEqualTo(LifecycleStage.LAPSED);
    assertThat(policy.infer(h, week(30)).reason()).startsWith("P(alive) 0.");
  }

  @Test
  void infer_fewOccasions_isGrowing_andNoneIsProspect() {
    assertThat(policy.infer(history(0, 1), week(2)).stage()).isEqualTo(LifecycleStage.GROWING);
    assertThat(policy.infer(history(5), week(2)).stage()).isEqualTo(LifecycleStage.PROSPECT);
  }

  @Test
  void infer_oneTimeBuyer_isLeftToTheFallbackPolicy() {
    ConsumptionHistory h = history(0);
    RuleBasedLifecyclePolicy fallback = RuleBasedLifecyclePolicy.defaults();
    assertThat(policy.infer(h, week(1))).isEqualTo(fallback.infer(h, week(1)));
    assertThat(policy.infer(h, week(40)).stage()).isEqualTo(LifecycleStage.LAPSED);
  }

  @Test
  void infer_sameDayPurchases_areOneOccasion() {
    ConsumptionHistory h =
        ConsumptionHistory.of(
            ID,
            Currency.getInstance("EUR"),
            List.of(
                Purchase.of("O-1", ID, T0, Money.ofMinor("EUR", 1000)),
                Purchase.of("O-2", ID, T0.plusSeconds(3600), Money.ofMinor("EUR", 1000))));
    assertThat(policy.infer(h, week(1)))
        .isEqualTo(RuleBasedLifecyclePolicy.defaults().infer(h, week(1)));
  }

  @Test
  void thresholds_outOfOrder_areRejectedNamingFieldAndValue() {
    RuleBasedLifecyclePolicy fb = RuleBasedLifecyclePolicy.defaults();
    assertThatThrownBy(
            () ->
                new AliveProbabilityLifecyclePolicy(
                    CDNOW, PeriodUnit.WEEKS, ZoneOffset.UTC, 0.3, 0.4, 5, fb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decliningBelow")
        .hasMessageContaining("0.3");
    assertThatThrownBy(
            () ->
                new AliveProbabilityLifecyclePolicy(
                    CDNOW, PeriodUnit.WEEKS, ZoneOffset.UTC, 0.5, 0, 5, fb))
        .hasMessageContaining("lapsedBelow must be in (0, 1), got 0.0");
    assertThatThrownBy(
            () ->
                new AliveProbabilityLifecyclePolicy(
                    CDNOW, PeriodUnit.WEEKS, ZoneOffset.UTC, 0.5, 0.2, 1, fb))
        .hasMessageContaining("matureMinOccasions must be >= 2, got 1");
  }
}
