package dev.care.core.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.testing.Pbt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The index stays in its declared range and reacts in the declared direction, for any history. */
class SatisfactionIndexPropertiesTest {
  private static final CustomerId C = CustomerId.of("C-1");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final FactorCatalogue CAT = FactorCatalogue.defaults();
  private static final List<Factor> FACTORS = CAT.all();

  /** An interaction drawn from a list of small integers, so QuickTheories can shrink it. */
  private static ServiceInteraction interaction(int n, List<Integer> g) {
    int at = g.get(0) % 1000;
    ServiceInteraction i =
        ServiceInteraction.open(
                "i" + n,
                C,
                InteractionKind.values()[g.get(1) % InteractionKind.values().length],
                Channel.PHONE,
                T0.plus(Duration.ofDays(at)))
            .withProcess(
                g.get(2) % 2 == 0
                    ? Optional.empty()
                    : Optional.of(Duration.ofHours(1 + g.get(2) % 72)),
                g.get(3) % 5,
                g.get(4) % 4,
                g.get(5) % 4);
    for (int k = 6; k + 1 < g.size(); k += 2) {
      i =
          i.observe(
              new ObservedFactor(
                  FACTORS.get(g.get(k) % FACTORS.size()).code(), 1 + g.get(k + 1) % 5));
    }
    if (g.get(2) % 3 != 0) {
      i =
          i.close(
              i.openedAt().plus(Duration.ofHours(g.get(3) % 200)),
              InteractionOutcome.values()[g.get(4) % InteractionOutcome.values().length]);
    }
    return i;
  }

  private static Gen<List<List<Integer>>> histories() {
    return lists()
        .of(lists().of(integers().between(0, 10_000)).ofSizeBetween(6, 14))
        .ofSizeBetween(1, 8);
  }

  @Test
  void index_alwaysWithinZeroToHundred_andExperienceWithinMinusOneToOne() {
    Pbt.qt()
        .forAll(histories(), integers().between(0, 2000))
        .checkAssert(
            (gens, atDay) -> {
              List<ServiceInteraction> is = new ArrayList<>();
              for (int n = 0; n < gens.size(); n++) {
                is.add(interaction(n, gens.get(n)));
              }
              Instant at = T0.plus(Duration.ofDays(atDay));
              Optional<SatisfactionIndex> idx =
                  SatisfactionIndexPolicy.defaults().compute(is, CAT, at);
              boolean anyCounted = is.stream().anyMatch(i -> !i.openedAt().isAfter(at));
              assertThat(idx.isPresent()).isEqualTo(anyCounted);
              idx.ifPresent(v -> assertThat(v.value()).isBetween(0.0, 100.0));
              for (ServiceInteraction i : is) {
                assertThat(SatisfactionIndexPolicy.defaults().experience(i, CAT, at))
                    .isBetween(-1.0, 1.0);
              }
            });
  }

  @Test
  void addingTheMostIntenseDissatisfier_neverRaisesTheExperience() {
    Pbt.qt()
        .forAll(
            lists().of(integers().between(0, 10_000)).ofSizeBetween(6, 12),
            integers().between(0, 10_000))
        .checkAssert(
            (g, pick) -> {
              ServiceInteraction base = interaction(0, g);
              List<Factor> dis = CAT.ofKind(FactorKind.DISSATISFIER);
              Factor d = dis.get(pick % dis.size());
              if (base.observedFactors().stream().anyMatch(f -> f.code().equals(d.code()))) {
                return;
              }
              Instant at = T0.plus(Duration.ofDays(3000));
              SatisfactionIndexPolicy p = SatisfactionIndexPolicy.defaults();
              double before = p.experience(base, CAT, at);
              // every default dissatisfier has weight >= 6, so at intensity 5 its moment is -1: the
              // most intense moment there can be
              double after = p.experience(base.observe(new ObservedFactor(d.code(), 5)), CAT, at);
              assertThat(after).isLessThanOrEqualTo(before + 1e-12);
            });
  }
}
