package dev.care.rules.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.care.rules.analytics.internal.GammaGammaLikelihood;
import java.util.List;
import java.util.stream.IntStream;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GammaGammaTest {
  private static int[] x;
  private static double[] mean;
  private static GammaGammaFit fit;

  @BeforeAll
  static void fitOnce() {
    Populations.Sample s = Populations.large();
    x = IntStream.range(0, s.size()).filter(i -> s.x()[i] > 0).map(i -> s.x()[i]).toArray();
    mean =
        IntStream.range(0, s.size())
            .filter(i -> s.x()[i] > 0)
            .mapToDouble(i -> s.meanSpend()[i])
            .toArray();
    fit = GammaGammaFitter.defaults().fit(x, mean);
  }

  private static double logLikelihood(double p, double q, double g) {
    GammaGammaModel m = new GammaGammaModel(p, q, g);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += m.logLikelihood(x[i], mean[i]);
    }
    return sum;
  }

  @Test
  void fit_fromSummaries_skipsOneTimeBuyersAndFreeRepeatSpend() {
    List<CustomerSummary> s = Populations.simulate(3000, 5L);
    long usable = s.stream().filter(c -> c.frequency() > 0 && c.repeatSpendMinor() > 0).count();
    GammaGammaFit f = GammaGammaFitter.defaults().fit(s);
    assertThat(f.customers()).isEqualTo(usable);
    assertThat(f.converged()).isTrue();
    assertThat(f.model().meanSpend()).isBetween(2500.0, 5000.0);
  }

  /**
   * Parameter recovery on the repeat customers (about 8,000) of the simulated CDNOW-like population
   * with known spend parameters p = 6.25, q = 3.74, γ = 1544 cents. Same justification as the
   * BG/NBD test: within 4 asymptotic standard errors in log-parameters (about 3–9 % here; q and γ
   * are strongly correlated, which is why their errors are the largest), plus a 30 % sanity bound.
   */
  @Test
  void fit_simulatedPopulation_recoversParametersWithinFourStandardErrors() {
    GammaGammaModel m = fit.model();
    assertThat(fit.converged()).isTrue();
    assertThat(fit.customers()).isBetween(7_000, 9_000);
    double[] est = {m.p(), m.q(), m.gamma()};
    double[] truth = {6.25, 3.74, 1544};
    double[] se = Populations.logStandardErrors(p -> logLikelihood(p[0], p[1], p[2]), est);
    for (int i = 0; i < 3; i++) {
      assertThat(Math.log(est[i]))
          .as("ln parameter %d (estimate %s, truth %s, SE %s)", i, est[i], truth[i], se[i])
          .isCloseTo(Math.log(truth[i]), within(4 * se[i]));
      assertThat(est[i] / truth[i]).isBetween(0.7, 1.3);
    }
    System.out.printf(
        "Gamma-Gamma recovery (n=%d): p=%.4f (SE %.3f), q=%.4f (SE %.3f), gamma=%.2f (SE %.3f)%n",
        fit.customers(), est[0], se[0], est[1], se[1], est[2], se[2]);
  }

  @Test
  void fit_logLikelihoodAtFit_isAtLeastThatAtPerturbedParameters() {
    GammaGammaModel m = fit.model();
    double best = logLikelihood(m.p(), m.q(), m.gamma());
    assertThat(best).isCloseTo(fit.logLikelihood(), within(1e-6 * Math.abs(best)));
    double[] p = {m.p(), m.q(), m.gamma()};
    for (int i = 0; i < 3; i++) {
      for (double f : new double[] {0.99, 1.01, 0.9, 1.1}) {
        double[] q = p.clone();
        q[i] *= f;
        assertThat(logLikelihood(q[0], q[1], q[2])).isLessThanOrEqualTo(best);
      }
    }
  }

  @Test
  void conditionalExpectedSpend_isTheWeightedAverageOfPopulationAndCustomerMean() {
    GammaGammaModel m = new GammaGammaModel(6.25, 3.74, 15.44);
    // by hand: population mean pγ/(q−1) = 6.25·15.44/2.74 = 35.218978...
    assertThat(m.meanSpend()).isCloseTo(35.21897810218978, within(1e-12));
    // x = 2, m̄ = 20: p(γ + m̄x)/(px + q − 1) = 6.25·55.44/15.24 = 22.736220...
    assertThat(m.conditionalExpectedSpend(2, 20)).isCloseTo(22.73622047244094, within(1e-12));
    // weights: (q−1)/(px+q−1) on the population mean, px/(px+q−1) on the customer's mean
    double w = 12.5 / 15.24;
    assertThat(m.conditionalExpectedSpend(2, 20))
        .isCloseTo((1 - w) * m.meanSpend() + w * 20, within(1e-12));
    assertThat(m.conditionalExpectedSpend(0, 0)).isEqualTo(m.meanSpend());
    assertThat(new GammaGammaModel(1, 0.5, 1).meanSpend()).isInfinite();
  }

  @Test
  void logLikelihood_matchesTheDensityWrittenOut() {
    GammaGammaModel m = new GammaGammaModel(6.25, 3.74, 15.44);
    int x = 3;
    double mean = 27.5;
    double px = 6.25 * 3;
    double expected =
        Gamma.logGamma(px + 3.74)
            - Gamma.logGamma(px)
            - Gamma.logGamma(3.74)
            + 3.74 * Math.log(15.44)
            + (px - 1) * Math.log(mean)
            + px * Math.log(3)
            - (px + 3.74) * Math.log(15.44 + mean * 3);
    assertThat(m.logLikelihood(x, mean)).isCloseTo(expected, withinPercentage(1e-12));
  }

  @Test
  void badInputs_areRejectedNamingFieldAndValue() {
    assertThatThrownBy(() -> new GammaGammaModel(1, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("q must be")
        .hasMessageContaining("-1.0");
    GammaGammaFitter f = GammaGammaFitter.defaults();
    assertThatThrownBy(() -> f.fit(new int[] {1, 0}, new double[] {5, 5}))
        .hasMessageContaining("customer #1")
        .hasMessageContaining("x must be >= 1, got 0");
    assertThatThrownBy(() -> f.fit(new int[] {1, 2}, new double[] {5, 0}))
        .hasMessageContaining("customer #1")
        .hasMessageContaining("meanSpend")
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> f.fit(List.of()))
        .hasMessageContaining("need at least 2 repeat customers with positive spend, got 0");
    GammaGammaModel m = new GammaGammaModel(1, 2, 3);
    assertThatThrownBy(() -> m.conditionalExpectedSpend(1, -3))
        .hasMessageContaining("meanSpend")
        .hasMessageContaining("-3.0");
  }

  /** The exact gradient against central differences of the value, at the fit and away from it. */
  @Test
  void likelihoodGradient_matchesCentralDifferences() {
    GammaGammaLikelihood ll = new GammaGammaLikelihood(x, mean);
    GammaGammaModel m = fit.model();
    double[][] points = {{m.p(), m.q(), m.gamma()}, {2, 6, 300}, {10, 1.5, 4000}};
    for (double[] p : points) {
      double[] gradient = new double[3];
      double v = ll.value(p, gradient);
      assertThat(v).isCloseTo(ll.value(p, null), within(1e-9 * Math.abs(v)));
      assertThat(v).isCloseTo(logLikelihood(p[0], p[1], p[2]), within(1e-9 * Math.abs(v)));
      for (int i = 0; i < 3; i++) {
        double h = 1e-5 * p[i];
        double[] up = p.clone();
        double[] down = p.clone();
        up[i] += h;
        down[i] -= h;
        double difference = (ll.value(up, null) - ll.value(down, null)) / (2 * h);
        assertThat(gradient[i])
            .as("derivative %d at %s", i, java.util.Arrays.toString(p))
            .isCloseTo(difference, within(1e-6 * (x.length + Math.abs(difference))));
      }
    }
  }

  /** As for BG/NBD: a warm start from a sample and BFGS reach the cold search's maximum. */
  @Test
  void fit_warmStartedFromASample_reachesTheColdFitsMaximum() {
    Populations.Sample s = Populations.exact(120_000, 5L);
    int[] bx = IntStream.range(0, s.size()).filter(i -> s.x()[i] > 0).map(i -> s.x()[i]).toArray();
    double[] bm =
        IntStream.range(0, s.size())
            .filter(i -> s.x()[i] > 0)
            .mapToDouble(i -> s.meanSpend()[i])
            .toArray();
    GammaGammaFit cold =
        GammaGammaFitter.defaults().withWarmStartFrom(Integer.MAX_VALUE).fit(bx, bm);
    GammaGammaFit warm = GammaGammaFitter.defaults().withWarmStartFrom(20_000).fit(bx, bm);
    assertThat(GammaGammaFitter.defaults().fit(bx, bm).model()).isEqualTo(cold.model());
    assertThat(warm.converged()).isTrue();
    assertThat(warm.model()).isNotEqualTo(cold.model());
    assertThat(warm.logLikelihood())
        .isGreaterThanOrEqualTo(cold.logLikelihood() - 1e-10 * Math.abs(cold.logLikelihood()));
    double[] a = {cold.model().p(), cold.model().q(), cold.model().gamma()};
    double[] b = {warm.model().p(), warm.model().q(), warm.model().gamma()};
    for (int i = 0; i < 3; i++) {
      assertThat(b[i]).isCloseTo(a[i], within(1e-4 * a[i]));
    }
    assertThatThrownBy(() -> GammaGammaFitter.defaults().withWarmStartFrom(0))
        .hasMessageContaining("customers must be >= 1, got 0");
  }
}
