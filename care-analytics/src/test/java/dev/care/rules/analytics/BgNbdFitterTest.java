package dev.care.rules.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.care.rules.analytics.internal.BgNbdLikelihood;
import dev.care.rules.analytics.internal.GroupedTriples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BgNbdFitterTest {
  private static Populations.Sample population;
  private static BgNbdFit fit;

  @BeforeAll
  static void fitOnce() {
    population = Populations.large();
    fit = BgNbdFitter.defaults().fit(population.x(), population.tx(), population.age());
  }

  private static BgNbdLikelihood likelihood(Populations.Sample s) {
    return new BgNbdLikelihood(GroupedTriples.of(s.x(), s.tx(), s.age()), false);
  }

  /**
   * Parameter recovery on 20,000 simulated CDNOW-like customers (T of 27–39 weeks). Tolerance: the
   * maximum-likelihood estimate is asymptotically normal around the truth with the standard errors
   * of the inverse observed information, so each {@code ln θ̂} must lie within 4 standard errors of
   * {@code ln θ} (a 1-in-16,000 event per parameter if the fit were right but unlucky; the seed is
   * fixed, so the test is deterministic). At this size the standard errors are about 2–3 % for r
   * and α and 9–11 % for a and b (dropout is seen only through the few customers who stop buying,
   * which is why FHL report wide intervals for a and b too). An absolute sanity bound of 35 %
   * relative error guards against a wrong Hessian making the first check vacuous.
   */
  @Test
  void fit_simulatedCdnowPopulation_recoversParametersWithinFourStandardErrors() {
    BgNbdModel m = fit.model();
    assertThat(fit.converged()).isTrue();
    assertThat(fit.customers()).isEqualTo(20_000);
    assertThat(fit.distinctTriples()).isLessThan(20_000);
    double[] est = {m.r(), m.alpha(), m.a(), m.b()};
    double[] truth = {0.243, 4.414, 0.793, 2.426};
    BgNbdLikelihood ll = likelihood(population);
    double[] se = Populations.logStandardErrors(p -> ll.value(p[0], p[1], p[2], p[3]), est);
    for (int i = 0; i < 4; i++) {
      assertThat(Math.log(est[i]))
          .as("ln parameter %d (estimate %s, truth %s, SE %s)", i, est[i], truth[i], se[i])
          .isCloseTo(Math.log(truth[i]), within(4 * se[i]));
      assertThat(se[i]).isLessThan(0.25);
      assertThat(est[i] / truth[i]).isBetween(0.65, 1.35);
    }
    System.out.printf(
        "BG/NBD recovery (n=20000): r=%.4f (SE %.3f), alpha=%.4f (SE %.3f), a=%.4f (SE %.3f),"
            + " b=%.4f (SE %.3f), LL=%.3f, evaluations=%d, runs=%d%n",
        est[0],
        se[0],
        est[1],
        se[1],
        est[2],
        se[2],
        est[3],
        se[3],
        fit.logLikelihood(),
        fit.evaluations(),
        fit.runs());
  }

  @Test
  void fit_logLikelihoodAtFit_isAtLeastThatAtPerturbedParameters() {
    BgNbdModel m = fit.model();
    BgNbdLikelihood ll = likelihood(population);
    double best = ll.value(m.r(), m.alpha(), m.a(), m.b());
    assertThat(best).isCloseTo(fit.logLikelihood(), within(1e-6));
    double[] p = {m.r(), m.alpha(), m.a(), m.b()};
    for (int i = 0; i < 4; i++) {
      for (double f : new double[] {0.99, 1.01, 0.9, 1.1}) {
        double[] q = p.clone();
        q[i] *= f;
        assertThat(ll.value(q[0], q[1], q[2], q[3]))
            .as("parameter %d × %s", i, f)
            .isLessThanOrEqualTo(best);
      }
    }
    // and at the truth, which a correct maximiser must not do worse than
    assertThat(ll.value(0.243, 4.414, 0.793, 2.426)).isLessThanOrEqualTo(best);
  }

  @Test
  void fit_sumOfPerCustomerLikelihoods_equalsGroupedLikelihood() {
    BgNbdModel m = fit.model();
    double sum = 0;
    for (int i = 0; i < population.size(); i++) {
      sum += m.logLikelihood(population.x()[i], population.tx()[i], population.age()[i]);
    }
    assertThat(sum).isCloseTo(fit.logLikelihood(), within(1e-6 * Math.abs(sum)));
  }

  @Test
  void fit_isIndependentOfInputOrder() {
    List<CustomerSummary> small = Populations.simulate(3000, 11L);
    List<CustomerSummary> shuffled = new ArrayList<>(small);
    Collections.shuffle(shuffled, new Random(7));
    BgNbdFit a = BgNbdFitter.defaults().fit(small);
    BgNbdFit b = BgNbdFitter.defaults().withParallel(false).fit(shuffled);
    assertThat(b.model()).isEqualTo(a.model());
    assertThat(b.logLikelihood()).isEqualTo(a.logLikelihood());
  }

  /**
   * The full path — transactions dated to whole days, same-day purchases merged, summaries, fit —
   * on 10,000 simulated customers lands near the truth too (looser bounds: day-dating moves t_x by
   * up to a day and merging trims the heaviest buyers).
   */
  @Test
  void fit_fromSimulatedTransactions_landsNearTheTruth() {
    BgNbdFit f = BgNbdFitter.defaults().fit(Populations.simulate(10_000, 42L));
    assertThat(f.converged()).isTrue();
    assertThat(f.model().r()).isCloseTo(0.243, within(0.243 * 0.1));
    assertThat(f.model().alpha()).isCloseTo(4.414, within(4.414 * 0.15));
    assertThat(f.model().a()).isCloseTo(0.793, within(0.793 * 0.3));
    assertThat(f.model().b()).isCloseTo(2.426, within(2.426 * 0.35));
  }

  @Test
  void fit_aSecondSeed_alsoRecoversTheRateParameters() {
    Populations.Sample s = Populations.exact(10_000, 99L);
    BgNbdFit other = BgNbdFitter.defaults().fit(s.x(), s.tx(), s.age());
    assertThat(other.converged()).isTrue();
    assertThat(other.model().r()).isCloseTo(0.243, within(0.243 * 0.15));
    assertThat(other.model().alpha()).isCloseTo(4.414, within(4.414 * 0.2));
  }

  @Test
  void fit_badInputs_areRejectedNamingCustomerFieldAndValue() {
    BgNbdFitter f = BgNbdFitter.defaults();
    assertThatThrownBy(() -> f.fit(new int[] {1, 2}, new double[] {1, 5}, new double[] {2, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customer #1")
        .hasMessageContaining("recency")
        .hasMessageContaining("5.0");
    assertThatThrownBy(() -> f.fit(new int[] {0, 0}, new double[] {0, 0}, new double[] {2, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no customer has a repeat purchase");
    assertThatThrownBy(() -> f.fit(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customers must not be empty");
    assertThatThrownBy(() -> f.fit(new int[] {1}, new double[] {1}, new double[0]))
        .hasMessageContaining("same length");
    assertThatThrownBy(() -> f.withMaxRuns(1)).hasMessageContaining("maxRuns must be >= 2, got 1");
    assertThatThrownBy(() -> f.withTolerance(0)).hasMessageContaining("tolerance");
    assertThatThrownBy(() -> f.withMaxEvaluations(5)).hasMessageContaining("maxEvaluations");
  }

  @Test
  void fit_tinyEvaluationBudget_reportsNotConverged() {
    BgNbdFit f =
        BgNbdFitter.defaults()
            .withMaxEvaluations(100)
            .fit(population.x(), population.tx(), population.age());
    assertThat(f.converged()).isFalse();
    assertThat(f.evaluations()).isLessThanOrEqualTo(100);
    assertThat(f.logLikelihood()).isFinite();
  }

  /** The exact gradient against central differences of the value, at the fit and away from it. */
  @Test
  void likelihoodGradient_matchesCentralDifferences() {
    BgNbdLikelihood ll = likelihood(population);
    BgNbdModel m = fit.model();
    double[][] points = {{m.r(), m.alpha(), m.a(), m.b()}, {0.5, 2, 1.3, 0.8}, {1, 10, 0.2, 6}};
    for (double[] p : points) {
      double[] gradient = new double[4];
      double v = ll.valueAndGradient(p[0], p[1], p[2], p[3], gradient);
      assertThat(v).isCloseTo(ll.value(p[0], p[1], p[2], p[3]), within(1e-9 * Math.abs(v)));
      for (int i = 0; i < 4; i++) {
        double h = 1e-5 * p[i];
        double[] up = p.clone();
        double[] down = p.clone();
        up[i] += h;
        down[i] -= h;
        double difference =
            (ll.value(up[0], up[1], up[2], up[3]) - ll.value(down[0], down[1], down[2], down[3]))
                / (2 * h);
        assertThat(gradient[i])
            .as("derivative %d at %s", i, java.util.Arrays.toString(p))
            .isCloseTo(difference, within(1e-6 * (population.size() + Math.abs(difference))));
      }
    }
  }

  /**
   * A large population's fit starts from a sample's and finishes by BFGS: it reaches the maximum
   * the cold Nelder–Mead search finds (at least its likelihood, the same parameters to the search's
   * resolution).
   */
  @Test
  void fit_warmStartedFromASample_reachesTheColdFitsMaximum() {
    Populations.Sample s = Populations.exact(120_000, 5L);
    BgNbdFit cold =
        BgNbdFitter.defaults().withWarmStartFrom(Integer.MAX_VALUE).fit(s.x(), s.tx(), s.age());
    BgNbdFit warm = BgNbdFitter.defaults().withWarmStartFrom(100_000).fit(s.x(), s.tx(), s.age());
    assertThat(BgNbdFitter.defaults().fit(s.x(), s.tx(), s.age()).model())
        .as("below 200,000 customers the defaults start cold")
        .isEqualTo(cold.model());
    assertThat(warm.converged()).isTrue();
    assertThat(warm.model()).isNotEqualTo(cold.model());
    assertThat(warm.logLikelihood())
        .isGreaterThanOrEqualTo(cold.logLikelihood() - 1e-10 * Math.abs(cold.logLikelihood()));
    double[] a = {cold.model().r(), cold.model().alpha(), cold.model().a(), cold.model().b()};
    double[] b = {warm.model().r(), warm.model().alpha(), warm.model().a(), warm.model().b()};
    for (int i = 0; i < 4; i++) {
      assertThat(b[i]).isCloseTo(a[i], within(1e-4 * a[i]));
    }
    assertThatThrownBy(() -> BgNbdFitter.defaults().withWarmStartFrom(0))
        .hasMessageContaining("customers must be >= 1, got 0");
  }
}
