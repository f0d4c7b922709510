package dev.care.rules.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HypergeometricTest {

  /**
   * Reference values from mpmath 1.3.0 at 30 significant digits ({@code mp.log(mp.hyp2f1(a, b, c,
   * z))}), independent of this implementation. The cases are the shapes BG/NBD produces: small
   * {@code r}, large {@code x} (terms that grow by 200 orders of magnitude before they fall) and
   * {@code z} close to 1 (thousands of terms).
   */
  @ParameterizedTest
  @CsvSource({
    "0.243, 2.426, 2.219, 0.5, 0.18821830926204302",
    "2.243, 4.426, 4.219, 0.9, 5.51692626065268",
    "25.243, 27.426, 27.219, 0.95, 76.226381776241832",
    "1.5, 2.5, 3.0, 0.999, 7.4324722459732758",
    "100.243, 102.426, 102.219, 0.99, 462.5853297393788",
  })
  void log2F1_matchesMpmath(double a, double b, double c, double z, double expected) {
    assertThat(Hypergeometric.log2F1(a, b, c, z)).isCloseTo(expected, withinPercentage(1e-10));
  }

  @Test
  void value_atZero_isOne_andMatchesClosedForm() {
    assertThat(Hypergeometric.value(1.3, 2.7, 0.4, 0)).isEqualTo(1.0);
    // 2F1(1, 1; 2; z) = −ln(1 − z) / z
    double z = 0.7;
    assertThat(Hypergeometric.value(1, 1, 2, z)).isCloseTo(-Math.log1p(-z) / z, within(1e-14));
    // 2F1(a, b; b; z) = (1 − z)^(−a)
    assertThat(Hypergeometric.value(2.5, 3.0, 3.0, 0.3))
        .isCloseTo(Math.pow(0.7, -2.5), within(1e-13));
  }

  @Test
  void log2F1_outOfRange_isRejectedNamingTheArgument() {
    assertThatThrownBy(() -> Hypergeometric.log2F1(1, 1, 1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("z=1.0");
    assertThatThrownBy(() -> Hypergeometric.log2F1(1, 1, -0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c=-0.5");
    assertThatThrownBy(() -> Hypergeometric.log2F1(Double.NaN, 1, 1, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a=NaN");
  }
}
