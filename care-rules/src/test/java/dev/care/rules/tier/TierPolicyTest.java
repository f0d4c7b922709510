package dev.care.rules.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.rules.program.TierLevel;
import dev.care.rules.program.TierRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierPolicyTest {
  private static final CustomerId C = CustomerId.of("C-1");
  private static final TierId MEMBER = TierId.of("MEMBER");
  private static final TierId SILVER = TierId.of("SILVER");
  private static final TierId GOLD = TierId.of("GOLD");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static TierRules rules(TierRules.Window window) {
    return new TierRules(
        TierRules.Basis.QUALIFYING_POINTS,
        window,
        Duration.ofDays(365),
        Duration.ofDays(30),
        List.of(
            new TierLevel(MEMBER, 0, BigDecimal.ONE, 0),
            new TierLevel(SILVER, 500, new BigDecimal("1.25"), 3),
            new TierLevel(GOLD, 1500, new BigDecimal("1.5"), 5)));
  }

  private final TierPolicy rolling = new TierPolicy(rules(TierRules.Window.ROLLING), BERLIN);
  private final TierPolicy calendar = new TierPolicy(rules(TierRules.Window.CALENDAR_YEAR), BERLIN);

  @Test
  void review_upgrade_isImmediateAndEmitsEvent() {
    TierReview r = rolling.review(C, rolling.initial(), 1600, 0, T0);
    assertThat(r.status().current()).isEqualTo(GOLD);
    assertThat(r.change())
        .hasValueSatisfying(
            e -> {
              assertThat(e.from()).contains(MEMBER);
              assertThat(e.to()).contains(GOLD);
              assertThat(e.reason()).isEqualTo("qualified for GOLD");
            });
  }

  @Test
  void review_downgrade_waitsForGrace_thenStepsDown() {
    TierStatus gold = TierStatus.of(GOLD);
    TierReview first = rolling.review(C, gold, 600, 0, T0);
    assertThat(first.change()).isEmpty();
    assertThat(first.status().belowSince()).contains(T0);
    TierReview stillGrace = rolling.review(C, first.status(), 600, 0, T0.plus(Duration.ofDays(29)));
    assertThat(stillGrace.status().current()).isEqualTo(GOLD);
    assertThat(stillGrace.status().belowSince()).contains(T0);
    TierReview down = rolling.review(C, stillGrace.status(), 600, 0, T0.plus(Duration.ofDays(30)));
    assertThat(down.status().current()).isEqualTo(SILVER);
    assertThat(down.status().belowSince()).isEmpty();
    assertThat(down.change().orElseThrow().reason()).contains("grace of 30 days over");
  }

  @Test
  void review_recoveryDuringGrace_cancelsIt() {
    TierReview short1 = rolling.review(C, TierStatus.of(GOLD), 100, 0, T0);
    TierReview back = rolling.review(C, short1.status(), 1500, 0, T0.plus(Duration.ofDays(10)));
    assertThat(back.status().belowSince()).isEmpty();
    TierReview short2 = rolling.review(C, back.status(), 100, 0, T0.plus(Duration.ofDays(35)));
    assertThat(short2.status().current()).isEqualTo(GOLD);
    assertThat(short2.status().belowSince()).contains(T0.plus(Duration.ofDays(35)));
  }

  @Test
  void review_manualFloor_isNeverCrossed() {
    TierReview o = rolling.override(C, rolling.initial(), Optional.of(SILVER), T0);
    assertThat(o.status().current()).isEqualTo(SILVER);
    assertThat(o.change().orElseThrow().reason()).isEqualTo("manual override");
    TierReview later = rolling.review(C, o.status(), 0, 0, T0.plus(Duration.ofDays(400)));
    TierReview evenLater = rolling.review(C, later.status(), 0, 0, T0.plus(Duration.ofDays(800)));
    assertThat(evenLater.status().current()).isEqualTo(SILVER);
    assertThat(evenLater.change()).isEmpty();
  }

  @Test
  void calendarYear_tierEarnedLastYear_isKeptThroughThisYear() {
    // earned GOLD in 2026; in 2027 nothing yet but last year's figure keeps GOLD
    TierReview r =
        calendar.review(C, TierStatus.of(GOLD), 0, 1600, Instant.parse("2027-06-01T00:00:00Z"));
    assertThat(r.status().current()).isEqualTo(GOLD);
    assertThat(r.status().belowSince()).isEmpty();
    assertThat(calendar.windowStart(Instant.parse("2027-06-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
    assertThat(calendar.previousYearStart(Instant.parse("2027-06-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
    assertThat(rolling.windowStart(T0)).isEqualTo(T0.minus(Duration.ofDays(365)));
  }

  @Test
  void review_unknownTierOrNegativeFigure_throws() {
    assertThatThrownBy(() -> rolling.review(C, TierStatus.of(TierId.of("DIAMOND")), 0, 0, T0))
        .hasMessageContaining("unknown tier DIAMOND");
    assertThatThrownBy(() -> rolling.review(C, rolling.initial(), -1, 0, T0))
        .hasMessageContaining("-1");
  }

  @Test
  void review_neverBelowFloor_neverDownWithinGrace_upgradesImmediately_property() {
    qt().withFixedSeed(20261123L)
        .withExamples(Integer.getInteger("care.pbt.examples", 200))
        .forAll(
            lists().of(integers().between(0, 3000)).ofSizeBetween(1, 40), integers().between(0, 2))
        .checkAssert(
            (figures, floorIdx) -> {
              List<TierId> ids = List.of(MEMBER, SILVER, GOLD);
              TierRules rules = rules(TierRules.Window.ROLLING);
              TierStatus s = TierStatus.of(MEMBER).withFloor(Optional.of(ids.get(floorIdx)));
              Instant t = T0;
              Instant lastChange = T0;
              for (int f : figures) {
                t = t.plus(Duration.ofDays(7));
                int before = rules.rank(s.current());
                TierReview r = rolling.review(C, s, f, 0, t);
                int after = rules.rank(r.status().current());
                int earned = rules.levels().indexOf(rules.levelFor(f));
                assertThat(after).isGreaterThanOrEqualTo(floorIdx);
                if (Math.max(earned, floorIdx) > before) {
                  // upgrades are immediate, to the earned tier or the floor, whichever is higher
                  assertThat(after).isEqualTo(Math.max(earned, floorIdx));
                }
                if (after < before) {
                  assertThat(Duration.between(s.belowSince().orElseThrow(), t))
                      .isGreaterThanOrEqualTo(Duration.ofDays(30));
                }
                assertThat(r.change().isPresent()).isEqualTo(after != before);
                if (after != before) {
                  lastChange = t;
                }
                s = r.status();
              }
              assertThat(lastChange).isBeforeOrEqualTo(t);
            });
  }
}
