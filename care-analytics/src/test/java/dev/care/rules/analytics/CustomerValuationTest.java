package dev.care.rules.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.care.core.customer.CustomerId;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CustomerValuationTest {
  private static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
  private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 1544);
  private static final LocalDate D = LocalDate.of(1997, 1, 1);

  private static CustomerSummary summary(int x, double tx, double age, long repeatSpend) {
    return new CustomerSummary(
        CustomerId.of("A"), x, tx, age, repeatSpend + 1000, repeatSpend, D, D.plusDays(1));
  }

  @Test
  void lifetimeValue_withoutDiscount_isExpectedPurchasesTimesExpectedSpend() {
    CustomerSummary c = summary(2, 30.43, 38.86, 5000);
    CustomerValuation v = CustomerValuation.of(CDNOW, SPEND, c, 39, 0);
    // E[Y(39)] = 1.22602817476714 (FHL 2005 worked example, recomputed in SciPy)
    assertThat(v.expectedPurchases()).isCloseTo(1.22602817476714, within(1e-9));
    // E[M] = p(γ + m̄x)/(px + q − 1) = 6.25·(1544 + 5000)/(12.5 + 2.74)
    assertThat(v.expectedSpend()).isCloseTo(6.25 * 6544 / 15.24, within(1e-9));
    assertThat(v.lifetimeValue())
        .isCloseTo(v.expectedPurchases() * v.expectedSpend(), within(1e-6));
    assertThat(v.probabilityAlive()).isCloseTo(0.726578570080673, within(1e-12));
    assertThat(v.valueAtRisk())
        .isCloseTo(
            (1 - v.probabilityAlive()) * v.lifetimeValue() / v.probabilityAlive(), within(1e-9));
  }

  @Test
  void lifetimeValue_discountingLowersIt_andItGrowsWithTheHorizon() {
    CustomerSummary c = summary(5, 35, 38, 20000);
    double undiscounted = CustomerValuation.of(CDNOW, SPEND, c, 52, 0).lifetimeValue();
    double discounted = CustomerValuation.of(CDNOW, SPEND, c, 52, 0.002).lifetimeValue();
    double longer = CustomerValuation.of(CDNOW, SPEND, c, 104, 0.002).lifetimeValue();
    assertThat(discounted).isLessThan(undiscounted).isPositive();
    assertThat(longer).isGreaterThan(discounted);
    // one period by hand: E[Y(1)] · E[M] / 1.002
    double one = CustomerValuation.of(CDNOW, SPEND, c, 1, 0.002).lifetimeValue();
    assertThat(one)
        .isCloseTo(
            CDNOW.conditionalExpectedPurchases(1, c) * SPEND.conditionalExpectedSpend(c) / 1.002,
            within(1e-9));
  }

  @Test
  void badInputs_areRejectedNamingFieldAndValue() {
    CustomerSummary c = summary(1, 1, 2, 100);
    assertThatThrownBy(() -> CustomerValuation.of(CDNOW, SPEND, c, 0, 0))
        .hasMessageContaining("horizon must be >= 1, got 0");
    assertThatThrownBy(() -> CustomerValuation.of(CDNOW, SPEND, c, 5, -0.1))
        .hasMessageContaining("discountRate")
        .hasMessageContaining("-0.1");
  }

  @Test
  void ofAll_matchesOfForEveryCustomer() {
    java.util.List<CustomerSummary> customers = Populations.simulate(2000, 11L);
    java.util.List<CustomerValuation> all =
        CustomerValuation.ofAll(Populations.CDNOW, Populations.CDNOW_SPEND, customers, 52, 0.0018);
    assertThat(all).hasSize(customers.size());
    for (int i = 0; i < customers.size(); i++) {
      CustomerValuation one =
          CustomerValuation.of(
              Populations.CDNOW, Populations.CDNOW_SPEND, customers.get(i), 52, 0.0018);
      CustomerValuation v = all.get(i);
      assertThat(v.customerId()).isEqualTo(one.customerId());
      assertThat(v.probabilityAlive()).isEqualTo(one.probabilityAlive());
      assertThat(v.expectedSpend()).isEqualTo(one.expectedSpend());
      assertThat(v.expectedPurchases())
          .isCloseTo(one.expectedPurchases(), within(1e-12 * (1 + one.expectedPurchases())));
      assertThat(v.lifetimeValue())
          .isCloseTo(one.lifetimeValue(), within(1e-9 * (1 + one.lifetimeValue())));
      assertThat(v.valueAtRisk())
          .isCloseTo(one.valueAtRisk(), within(1e-9 * (1 + one.valueAtRisk())));
    }
  }
}
