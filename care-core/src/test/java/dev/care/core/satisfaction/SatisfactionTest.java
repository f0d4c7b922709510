package dev.care.core.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SatisfactionTest {
  private static final CustomerId C = CustomerId.of("C-1");
  private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");
  private static final FactorCatalogue CAT = FactorCatalogue.defaults();
  private static final SatisfactionIndexPolicy POLICY = SatisfactionIndexPolicy.defaults();

  private static ServiceInteraction complaint(String id, Instant opened) {
    return ServiceInteraction.open(id, C, InteractionKind.COMPLAINT, Channel.PHONE, opened);
  }

  @Test
  void catalogue_defaults_coverTheBrief_andAreExtensible() {
    assertThat(CAT.ofKind(FactorKind.SATISFIER)).hasSize(10);
    assertThat(CAT.ofKind(FactorKind.DISSATISFIER)).hasSize(11);
    assertThat(CAT.require("SOLVED_FAST").kind()).isEqualTo(FactorKind.SATISFIER);
    FactorCatalogue ext =
        CAT.with(new Factor("FREE_COFFEE", FactorKind.SATISFIER, "coffee while waiting", 3));
    assertThat(ext.find("FREE_COFFEE")).isPresent();
    assertThat(CAT.find("FREE_COFFEE")).isEmpty();
    assertThatThrownBy(() -> CAT.require("NOPE")).hasMessageContaining("'NOPE'");
    Factor f = new Factor("X", FactorKind.SATISFIER, "x", 1);
    assertThatThrownBy(() -> FactorCatalogue.of(List.of(f, f)))
        .hasMessageContaining("X appears twice");
    assertThatThrownBy(() -> new Factor("X", FactorKind.SATISFIER, "x", 11))
        .hasMessageContaining("weight");
  }

  @Test
  void playbooks_haveCountermeasuresForEveryTemperament() {
    Playbooks p = Playbooks.defaults();
    for (Temperament t : Temperament.values()) {
      assertThat(p.forTemperament(t).steps()).isNotEmpty();
    }
    assertThat(p.forTemperament(Temperament.ANGRY).steps().get(0)).contains("vent");
    assertThat(p.contactSteps().steps()).hasSize(5).first().isEqualTo("believe the customer");
    Playbook custom = new Playbook("calm", List.of("breathe"));
    assertThat(p.with(Temperament.ANGRY, custom).forTemperament(Temperament.ANGRY))
        .isEqualTo(custom);
    assertThatThrownBy(() -> new Playbook("empty", List.of()))
        .hasMessageContaining("at least one step");
  }

  @Test
  void interaction_lifecycle_turnaroundAndOverdue() {
    ServiceInteraction open =
        complaint("i1", T0).withProcess(Optional.of(Duration.ofHours(48)), 1, 0, 0);
    assertThat(open.isOpen()).isTrue();
    assertThat(open.turnaround()).isEmpty();
    assertThat(open.isOverdue(T0.plus(Duration.ofHours(47)))).isFalse();
    assertThat(open.isOverdue(T0.plus(Duration.ofHours(49)))).isTrue();
    ServiceInteraction late =
        open.close(T0.plus(Duration.ofHours(50)), InteractionOutcome.RESOLVED);
    assertThat(late.turnaround()).contains(Duration.ofHours(50));
    assertThat(late.withinTarget()).isFalse();
    assertThat(late.isOverdue(T0.plus(Duration.ofDays(9)))).isFalse();
    assertThatThrownBy(() -> late.close(T0, InteractionOutcome.RESOLVED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("i1");
  }

  @Test
  void interaction_invalidFields_throwNamingThem() {
    assertThatThrownBy(
            () -> complaint("i1", T0).close(T0.minusSeconds(1), InteractionOutcome.RESOLVED))
        .hasMessageContaining("before openedAt");
    assertThatThrownBy(() -> complaint("i1", T0).withProcess(Optional.empty(), -1, 0, 0))
        .hasMessageContaining("handOffs");
    assertThatThrownBy(() -> complaint("i1", T0).withProcess(Optional.of(Duration.ZERO), 0, 0, 0))
        .hasMessageContaining("turnaroundTarget");
    assertThatThrownBy(() -> new ObservedFactor("RESPECT", 6)).hasMessageContaining("intensity");
    ServiceInteraction twice = complaint("i1", T0).observe(new ObservedFactor("RESPECT", 2));
    assertThat(twice.observe(new ObservedFactor("RESPECT", 4)).observedFactors())
        .containsExactly(new ObservedFactor("RESPECT", 4));
  }

  @Test
  void index_noInteractions_isEmpty() {
    assertThat(POLICY.compute(List.of(), CAT, T0)).isEmpty();
  }

  @Test
  void index_fastResolutionWithSatisfiers_isHigh_unresolvedWithDissatisfiers_isLow() {
    ServiceInteraction good =
        complaint("g", T0)
            .withProcess(Optional.of(Duration.ofHours(24)), 0, 0, 0)
            .observe(new ObservedFactor("SOLVED_FAST", 5))
            .observe(new ObservedFactor("WARM_ATTITUDE", 4))
            .close(T0.plus(Duration.ofHours(2)), InteractionOutcome.RESOLVED);
    ServiceInteraction bad =
        complaint("b", T0)
            .withProcess(Optional.of(Duration.ofHours(24)), 3, 1, 3)
            .observe(new ObservedFactor("BLAMING_CUSTOMER", 5))
            .close(T0.plus(Duration.ofHours(72)), InteractionOutcome.UNRESOLVED);
    Instant at = T0.plus(Duration.ofDays(4));
    double goodIdx = POLICY.compute(List.of(good), CAT, at).orElseThrow().value();
    double badIdx = POLICY.compute(List.of(bad), CAT, at).orElseThrow().value();
    assertThat(goodIdx).isGreaterThan(80);
    assertThat(badIdx).isLessThan(20);
    assertThat(new SatisfactionIndex(goodIdx).band()).isEqualTo(SatisfactionIndex.Band.DELIGHTED);
    assertThat(new SatisfactionIndex(badIdx).band())
        .isEqualTo(SatisfactionIndex.Band.VERY_DISSATISFIED);
  }

  @Test
  void experience_matchesJavadocFormula_forOneSatisfierAndResolvedEnd() {
    // one satisfier SOLVED_FAST (w=8) at intensity 5: m = 8*5/50 = 0.8; end RESOLVED within
    // target (no target) = 0.6 + 0.2 = 0.8; peak = 0.8, mean = 0.8 -> e = 0.8
    ServiceInteraction i =
        complaint("i", T0)
            .observe(new ObservedFactor("SOLVED_FAST", 5))
            .close(T0, InteractionOutcome.RESOLVED);
    assertThat(POLICY.experience(i, CAT, T0)).isCloseTo(0.8, within(1e-12));
    // index of a single fresh interaction = 50 + 50 * 0.8 = 90
    assertThat(POLICY.compute(List.of(i), CAT, T0).orElseThrow().value())
        .isCloseTo(90, within(1e-9));
  }

  @Test
  void experience_dissatisfierWeighsMoreThanEqualSatisfier() {
    Factor sat = new Factor("S", FactorKind.SATISFIER, "s", 5);
    Factor dis = new Factor("D", FactorKind.DISSATISFIER, "d", 5);
    FactorCatalogue cat = FactorCatalogue.of(List.of(sat, dis));
    ServiceInteraction withSat = complaint("a", T0).observe(new ObservedFactor("S", 3));
    ServiceInteraction withDis = complaint("b", T0).observe(new ObservedFactor("D", 3));
    double up = POLICY.experience(withSat, cat, T0);
    double down = POLICY.experience(withDis, cat, T0);
    assertThat(up).isPositive();
    assertThat(down).isNegative();
    assertThat(-down).isGreaterThan(up);
  }

  @Test
  void peakEnd_sameMomentsDifferentEnd_endDecides() {
    ServiceInteraction base =
        complaint("i", T0)
            .observe(new ObservedFactor("REPAIR_TOO_LONG", 2))
            .observe(new ObservedFactor("RESPECT", 2));
    double resolved =
        POLICY.experience(
            base.close(T0.plusSeconds(60), InteractionOutcome.RESOLVED), CAT, T0.plusSeconds(60));
    double unresolved =
        POLICY.experience(
            base.close(T0.plusSeconds(60), InteractionOutcome.UNRESOLVED), CAT, T0.plusSeconds(60));
    assertThat(resolved).isGreaterThan(0);
    assertThat(unresolved).isLessThan(0);
  }

  @Test
  void peakEnd_neglectsDuration_mildDissatisfierSoftensAWorseMemory() {
    // two interruptions: one moment of -0.5, e = -0.5
    ServiceInteraction bad = complaint("i", T0).withProcess(Optional.empty(), 0, 2, 0);
    double before = POLICY.experience(bad, CAT, T0);
    // a mild dissatisfier (-0.32) dilutes the mean: remembered as less bad, as the rule predicts
    double after =
        POLICY.experience(bad.observe(new ObservedFactor("NOT_REPAIRED_AS_EXPECTED", 1)), CAT, T0);
    assertThat(before).isCloseTo(-0.5, within(1e-12));
    assertThat(after).isCloseTo(-0.446, within(1e-12));
    assertThat(after).isGreaterThan(before);
  }

  @Test
  void index_olderInteractionsDecay_latestWeighsMost() {
    ServiceInteraction oldBad =
        complaint("old", T0)
            .observe(new ObservedFactor("ARROGANCE", 3))
            .close(T0, InteractionOutcome.UNRESOLVED);
    ServiceInteraction newGood =
        complaint("new", T0.plus(Duration.ofDays(365)))
            .observe(new ObservedFactor("RESPECT", 3))
            .close(T0.plus(Duration.ofDays(365)), InteractionOutcome.RESOLVED);
    Instant at = T0.plus(Duration.ofDays(366));
    double both = POLICY.compute(List.of(oldBad, newGood), CAT, at).orElseThrow().value();
    assertThat(both).isGreaterThan(50);
    // as seen a day after the bad one, only it counts (the good one had not happened yet)
    assertThat(
            POLICY
                .compute(List.of(oldBad, newGood), CAT, T0.plus(Duration.ofDays(1)))
                .orElseThrow()
                .value())
        .isLessThan(50);
  }

  @Test
  void policy_invalidParameters_throwNamingThem() {
    SatisfactionIndexPolicy d = SatisfactionIndexPolicy.defaults();
    assertThatThrownBy(
            () ->
                new SatisfactionIndexPolicy(
                    0.5, 0.4, 0.4, 0.2, Duration.ofDays(1), 2, d.outcomeValues(), 0.2))
        .hasMessageContaining("dissatisfierWeight");
    assertThatThrownBy(
            () ->
                new SatisfactionIndexPolicy(
                    2,
                    0.4,
                    0.4,
                    0.2,
                    Duration.ofDays(1),
                    2,
                    Map.of(InteractionOutcome.RESOLVED, 1.0),
                    0.2))
        .hasMessageContaining("outcomeValues is missing");
    assertThatThrownBy(() -> new SatisfactionIndex(100.5)).hasMessageContaining("100.5");
    assertThatThrownBy(() -> new SatisfactionIndex(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void retentionFigures_defaultsAndEstimates() {
    RetentionFigures f = RetentionFigures.defaults();
    assertThat(f.badServiceLossPercent()).isEqualTo(94);
    assertThat(f.dissatisfiedTellsOthers()).isEqualTo(9);
    assertThat(f.acquisitionCostMultiple()).isEqualTo(6);
    ServiceInteraction c =
        complaint("c", T0).withProcess(Optional.of(Duration.ofHours(24)), 0, 0, 0);
    assertThat(f.retentionPercent(c.close(T0.plusSeconds(3600), InteractionOutcome.RESOLVED), T0))
        .isEqualTo(95);
    assertThat(
            f.retentionPercent(
                c.close(T0.plus(Duration.ofDays(3)), InteractionOutcome.RESOLVED), T0))
        .isEqualTo(75);
    assertThat(f.retentionPercent(c.close(T0.plusSeconds(60), InteractionOutcome.UNRESOLVED), T0))
        .isEqualTo(11);
    assertThat(f.retentionPercent(c, T0.plus(Duration.ofDays(2)))).isEqualTo(6);
    assertThatThrownBy(() -> new RetentionFigures(101, 89, 9, 67, 75, 95, 6))
        .hasMessageContaining("badServiceLossPercent");
  }
}
