package dev.care.rules.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BgNbdModelTest {
  /** The CDNOW estimates of Fader, Hardie &amp; Lee (2005), time in weeks. */
  static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

  /**
   * Hand-computed points: the closed forms of FHL (2005) eqs. 6, 10 and 11 evaluated independently
   * in Python (SciPy 1.17.1 {@code hyp2f1}, {@code gammaln}, {@code logaddexp}; the {@code 2F1}
   * values were cross-checked with mpmath at 30 digits). The first row is the paper's own worked
   * example: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226 purchases in
   * the next 39 weeks.
   */
  @ParameterizedTest(name = "x={0}, t_x={1}, T={2}")
  @CsvSource({
    "2, 30.43, 38.86, 0.726578570080673, 1.22602817476714, 0.356973360265647, -9.45860630706627",
    "0, 0, 38.86, 1, 0.195098052011254, 0.0542998483804494, -0.554713276438158",
    "1, 1, 38.86, 0.187630766000303, 0.179745181094917, 0.0514729040501448, -4.34650678865302",
    "7, 35.0, 38.0, 0.861991065093433, 4.55618527658978, 1.37235529784004, -22.0129201344972",
    "25, 10.0, 39.0, 2.72437404711681e-11, 4.78597943966945e-10, 1.46457551937617e-10,"
        + " -18.2062591427987",
  })
  void closedForms_matchIndependentComputation(
      int x, double tx, double age, double pAlive, double e39, double e10, double ll) {
    assertThat(CDNOW.probabilityAlive(x, tx, age)).isCloseTo(pAlive, withinPercentage(1e-9));
    assertThat(CDNOW.conditionalExpectedPurchases(39, x, tx, age))
        .isCloseTo(e39, withinPercentage(1e-9));
    assertThat(CDNOW.conditionalExpectedPurchases(10, x, tx, age))
        .isCloseTo(e10, withinPercentage(1e-9));
    assertThat(CDNOW.logLikelihood(x, tx, age)).isCloseTo(ll, withinPercentage(1e-10));
  }

  /**
   * Same source as above: {@code (a+b−1)/(a−1) · (1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t)))}.
   */
  @ParameterizedTest
  @CsvSource({
    "1, 0.0532678911716563",
    "10, 0.43241336223442",
    "39, 1.1967231933208",
    "78, 1.86051905794275"
  })
  void expectedPurchases_populationCurve_matchesIndependentComputation(double t, double expected) {
    assertThat(CDNOW.expectedPurchases(t)).isCloseTo(expected, withinPercentage(1e-9));
  }

  @Test
  void expectedPurchasesCurve_isTheCurveAtWholePeriods() {
    double[] curve = CDNOW.expectedPurchasesCurve(78);
    assertThat(curve).hasSize(78);
    assertThat(curve[38]).isCloseTo(1.1967231933208, withinPercentage(1e-9));
    for (int i = 1; i < curve.length; i++) {
      assertThat(curve[i]).isGreaterThan(curve[i - 1]);
    }
    assertThat(CDNOW.expectedPurchasesCurve(0)).isEmpty();
  }

  @Test
  void probabilityAlive_isAProbability_andRisesWithRecency() {
    qt().withFixedSeed(20261123L)
        .withExamples(300)
        .forAll(
            integers().between(1, 60),
            doubles().between(0.0, 1.0),
            doubles().between(0.0, 1.0),
            doubles().between(0.1, 200.0))
        .checkAssert(
            (x, u, v, age) -> {
              double lo = age * Math.min(u, v);
              double hi = age * Math.max(u, v);
              double pLo = CDNOW.probabilityAlive(x, lo, age);
              double pHi = CDNOW.probabilityAlive(x, hi, age);
              assertThat(pLo).isBetween(0.0, 1.0);
              assertThat(pHi).isGreaterThanOrEqualTo(pLo);
            });
  }

  @Test
  void conditionalExpectation_growsWithHorizon_andIsZeroAtZero() {
    qt().withFixedSeed(20261123L)
        .withExamples(200)
        .forAll(
            integers().between(0, 40),
            doubles().between(0.0, 1.0),
            doubles().between(1.0, 100.0),
            doubles().between(0.5, 150.0))
        .checkAssert(
            (x, u, age, t) -> {
              double tx = x == 0 ? 0 : age * u;
              double e = CDNOW.conditionalExpectedPurchases(t, x, tx, age);
              double e2 = CDNOW.conditionalExpectedPurchases(2 * t, x, tx, age);
              assertThat(e).isGreaterThanOrEqualTo(0.0).isFinite();
              assertThat(e2).isGreaterThanOrEqualTo(e);
              assertThat(CDNOW.conditionalExpectedPurchases(0, x, tx, age)).isZero();
            });
  }

  @Test
  void badParameters_areRejectedNamingFieldAndValue() {
    assertThatThrownBy(() -> new BgNbdModel(0, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r must be")
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> new BgNbdModel(1, Double.NaN, 1, 1)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new BgNbdModel(1, 1, -2, 1)).hasMessageContaining("a must be");
    assertThatThrownBy(() -> new BgNbdModel(1, 1, 1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("b must be");
    assertThatThrownBy(() -> CDNOW.conditionalExpectedPurchases(-1, 1, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t must be")
        .hasMessageContaining("-1.0");
    assertThatThrownBy(() -> CDNOW.probabilityAlive(1, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recency");
  }
}
