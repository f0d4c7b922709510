package dev.care.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.testing.Pbt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleBasedLifecyclePolicyTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final CustomerId C = CustomerId.of("C-1");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final RuleBasedLifecyclePolicy POLICY = RuleBasedLifecyclePolicy.defaults();

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  private static ConsumptionHistory purchasesOn(int... days) {
    List<Purchase> ps = new ArrayList<>();
    for (int d : days) {
      ps.add(Purchase.of("o" + d, C, day(d), Money.ofMinor(EUR, 1000)));
    }
    return ConsumptionHistory.of(C, EUR, ps);
  }

  private static LifecycleStage stage(ConsumptionHistory h, int atDay) {
    return POLICY.infer(h, day(atDay)).stage();
  }

  @Test
  void infer_noPurchase_isProspect() {
    assertThat(stage(ConsumptionHistory.empty(C, EUR), 10)).isEqualTo(LifecycleStage.PROSPECT);
  }

  @Test
  void infer_onePurchase_isNew_thenDecliningThenLapsed() {
    ConsumptionHistory h = purchasesOn(0);
    assertThat(stage(h, 5)).isEqualTo(LifecycleStage.NEW);
    assertThat(stage(h, 60)).isEqualTo(LifecycleStage.NEW);
    assertThat(stage(h, 61)).isEqualTo(LifecycleStage.DECLINING);
    assertThat(stage(h, 180)).isEqualTo(LifecycleStage.LAPSED);
  }

  @Test
  void infer_repeatBuyer_isGrowing_thenMatureAfterTenure() {
    assertThat(stage(purchasesOn(0, 10, 20), 25)).isEqualTo(LifecycleStage.GROWING);
    ConsumptionHistory steady = purchasesOn(0, 40, 80, 120, 160, 200);
    assertThat(stage(steady, 201)).isEqualTo(LifecycleStage.MATURE);
    // five purchases but only 40 days of tenure: still growing
    assertThat(stage(purchasesOn(0, 10, 20, 30, 40), 41)).isEqualTo(LifecycleStage.GROWING);
  }

  @Test
  void infer_decliningThreshold_isPersonal_gapsLengthen() {
    // buys every 40 days: median gap 40 -> threshold 120 days (3 gaps)
    ConsumptionHistory h = purchasesOn(0, 40, 80, 120, 160, 200);
    assertThat(stage(h, 200 + 100)).isEqualTo(LifecycleStage.MATURE);
    assertThat(stage(h, 200 + 121)).isEqualTo(LifecycleStage.DECLINING);
    // buys weekly: threshold is the floor of 60 days
    ConsumptionHistory weekly = purchasesOn(0, 7, 14, 21, 28);
    assertThat(stage(weekly, 28 + 61)).isEqualTo(LifecycleStage.DECLINING);
  }

  @Test
  void infer_purchaseAfterLapse_isWonBack_forWonBackWindow() {
    ConsumptionHistory h = purchasesOn(0, 10, 300);
    assertThat(stage(h, 250)).isEqualTo(LifecycleStage.LAPSED);
    assertThat(stage(h, 301)).isEqualTo(LifecycleStage.WON_BACK);
    assertThat(stage(h, 300 + 59)).isEqualTo(LifecycleStage.WON_BACK);
    // decline still takes precedence once silence grows again
    assertThat(stage(h, 300 + 61)).isEqualTo(LifecycleStage.DECLINING);
  }

  @Test
  void infer_fullyReturnedPurchase_doesNotCount() {
    ConsumptionHistory h =
        purchasesOn(0).with(Return.of("r", C, day(1), "o0", Money.ofMinor(EUR, 1000)));
    assertThat(stage(h, 2)).isEqualTo(LifecycleStage.PROSPECT);
  }

  @Test
  void infer_givesPlainReason() {
    assertThat(POLICY.infer(purchasesOn(0), day(200)).reason())
        .isEqualTo("no purchase for 200 days (lapsed after 180)");
  }

  @Test
  void review_reportsAChangeOnlyOnChange() {
    ConsumptionHistory h = purchasesOn(0);
    Optional<StageChange> first = POLICY.review(h, Optional.empty(), day(1));
    assertThat(first).isPresent();
    assertThat(first.get().to()).isEqualTo(LifecycleStage.NEW);
    assertThat(first.get().from()).isEmpty();
    assertThat(POLICY.review(h, Optional.of(LifecycleStage.NEW), day(2))).isEmpty();
    StageChange lapsed = POLICY.review(h, Optional.of(LifecycleStage.NEW), day(200)).orElseThrow();
    assertThat(lapsed.from()).contains(LifecycleStage.NEW);
    assertThat(lapsed.to()).isEqualTo(LifecycleStage.LAPSED);
    assertThat(lapsed.at()).isEqualTo(day(200));
    assertThat(lapsed.customerId()).isEqualTo(C);
  }

  @Test
  void constructor_inconsistentThresholds_throwNamingFields() {
    assertThatThrownBy(
            () ->
                new RuleBasedLifecyclePolicy(
                    Duration.ofDays(200),
                    Duration.ofDays(180),
                    3,
                    Duration.ofDays(90),
                    5,
                    Duration.ZERO))
        .hasMessageContaining("decliningAfter");
    assertThatThrownBy(
            () ->
                new RuleBasedLifecyclePolicy(
                    Duration.ofDays(60),
                    Duration.ofDays(180),
                    0,
                    Duration.ofDays(90),
                    5,
                    Duration.ZERO))
        .hasMessageContaining("gapMultiplier");
    assertThatThrownBy(
            () ->
                new RuleBasedLifecyclePolicy(
                    Duration.ofDays(60),
                    Duration.ofDays(180),
                    3,
                    Duration.ofDays(90),
                    1,
                    Duration.ZERO))
        .hasMessageContaining("matureMinPurchases");
    assertThatThrownBy(
            () ->
                new RuleBasedLifecyclePolicy(
                    Duration.ZERO, Duration.ofDays(180), 3, Duration.ofDays(90), 5, Duration.ZERO))
        .hasMessageContaining("decliningAfter must be > 0");
  }

  private static int activityRank(LifecycleStage s) {
    return switch (s) {
      case LAPSED -> 2;
      case DECLINING -> 1;
      default -> 0;
    };
  }

  @Test
  void infer_isMonotoneInRecency_forFixedHistory_property() {
    Pbt.qt()
        .forAll(
            lists().of(integers().between(0, 400)).ofSizeBetween(1, 12),
            integers().between(0, 400),
            integers().between(0, 400))
        .checkAssert(
            (days, wait1, wait2) -> {
              int[] sorted =
                  days.stream().distinct().sorted().mapToInt(Integer::intValue).toArray();
              ConsumptionHistory h = purchasesOn(sorted);
              int last = sorted[sorted.length - 1];
              int a = last + Math.min(wait1, wait2);
              int b = last + Math.max(wait1, wait2);
              LifecycleStage sa = stage(h, a);
              LifecycleStage sb = stage(h, b);
              assertThat(activityRank(sb))
                  .as("stage at day %d was %s, at later day %d %s", a, sa, b, sb)
                  .isGreaterThanOrEqualTo(activityRank(sa));
              assertThat(sa).isNotEqualTo(LifecycleStage.PROSPECT);
            });
  }

  /**
   * The due index's contract: {@code nextChange} is the first instant at or after {@code after} at
   * which a review reports a change (with a return or purchase still to come in the history), so a
   * review just before it reports none and a review at it reports one; checked against a review
   * every six hours for 800 days.
   */
  @Test
  void nextChange_isTheFirstInstantAReviewChanges_property() {
    LifecycleStage[] stages = LifecycleStage.values();
    Pbt.qt(4)
        .forAll(
            lists().of(integers().between(0, 400 * 24)).ofSizeBetween(0, 8),
            integers().between(0, 500 * 24),
            integers().between(0, stages.length),
            integers().between(0, 8))
        .checkAssert(
            (hours, afterHour, prev, returned) -> {
              List<Integer> distinct = hours.stream().distinct().sorted().toList();
              List<dev.care.core.consumption.ConsumptionRecord> records = new ArrayList<>();
              for (int h : distinct) {
                records.add(
                    Purchase.of(
                        "o" + h, C, T0.plus(Duration.ofHours(h)), Money.ofMinor(EUR, 1000)));
              }
              if (returned < distinct.size()) {
                // one purchase fully returned two days later: it stops counting from then
                int h = distinct.get(returned);
                Instant at = T0.plus(Duration.ofHours(h + 48L));
                records.add(Return.of("r" + h, C, at, "o" + h, Money.ofMinor(EUR, 1000)));
              }
              ConsumptionHistory history = ConsumptionHistory.of(C, EUR, records);
              Optional<LifecycleStage> previous =
                  prev == stages.length ? Optional.empty() : Optional.of(stages[prev]);
              Instant after = T0.plus(Duration.ofHours(afterHour)).plusSeconds(1);
              Optional<Instant> next = POLICY.nextChange(history, previous, after);
              Instant firstSeen = null;
              for (Instant t = after;
                  t.isBefore(after.plus(Duration.ofDays(800)));
                  t = t.plus(Duration.ofHours(6))) {
                if (POLICY.review(history, previous, t).isPresent()) {
                  firstSeen = t;
                  break;
                }
              }
              if (next.isEmpty()) {
                assertThat(firstSeen).as("a change nextChange did not announce").isNull();
                return;
              }
              Instant at = next.get();
              assertThat(at).isAfterOrEqualTo(after);
              assertThat(POLICY.review(history, previous, at)).as("review at %s", at).isPresent();
              if (at.isAfter(after)) {
                assertThat(POLICY.review(history, previous, at.minusNanos(1)))
                    .as("review just before %s", at)
                    .isEmpty();
              }
              if (firstSeen != null) {
                assertThat(firstSeen).as("first change seen by the scan").isAfterOrEqualTo(at);
              }
            });
  }
}
