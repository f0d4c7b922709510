package dev.care.rules.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.care.core.customer.CustomerId;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerSummariesTest {
  private static final CustomerId A = CustomerId.of("A");
  private static final CustomerId B = CustomerId.of("B");
  private static final LocalDate D0 = LocalDate.of(2026, 1, 1);

  @Test
  void of_sameDayTransactions_areOneOccasionWithSummedAmounts() {
    List<CustomerSummary> s =
        CustomerSummaries.of(
            List.of(
                new Transaction(A, D0, 1000),
                new Transaction(A, D0, 250),
                new Transaction(A, D0.plusDays(14), 500),
                new Transaction(A, D0.plusDays(14), 0),
                new Transaction(A, D0.plusDays(21), 0)),
            D0.plusDays(70),
            PeriodUnit.WEEKS);
    assertThat(s).hasSize(1);
    CustomerSummary a = s.get(0);
    assertThat(a.frequency()).isEqualTo(2);
    assertThat(a.recency()).isEqualTo(3.0);
    assertThat(a.age()).isEqualTo(10.0);
    assertThat(a.totalSpendMinor()).isEqualTo(1750);
    assertThat(a.repeatSpendMinor()).isEqualTo(500);
    assertThat(a.averageRepeatSpend()).isEqualTo(250.0);
    assertThat(a.firstPurchase()).isEqualTo(D0);
    assertThat(a.lastPurchase()).isEqualTo(D0.plusDays(21));
  }

  @Test
  void of_daysUnit_countsWholeDays_andIgnoresTransactionsAfterTheEnd() {
    List<CustomerSummary> s =
        CustomerSummaries.of(
            List.of(
                new Transaction(B, D0.plusDays(3), 100),
                new Transaction(A, D0.plusDays(10), 100),
                new Transaction(A, D0, 100),
                new Transaction(A, D0.plusDays(40), 100)),
            D0.plusDays(30),
            PeriodUnit.DAYS);
    assertThat(s).extracting(CustomerSummary::customerId).containsExactly(A, B);
    assertThat(s.get(0).frequency()).isEqualTo(1);
    assertThat(s.get(0).recency()).isEqualTo(10.0);
    assertThat(s.get(0).age()).isEqualTo(30.0);
    assertThat(s.get(1).frequency()).isZero();
    assertThat(s.get(1).recency()).isZero();
    assertThat(s.get(1).age()).isEqualTo(27.0);
  }

  @Test
  void of_weeks_divideDaysBySeven() {
    CustomerSummary a =
        CustomerSummaries.of(
                List.of(new Transaction(A, D0, 1), new Transaction(A, D0.plusDays(10), 1)),
                D0.plusDays(12),
                PeriodUnit.WEEKS)
            .get(0);
    assertThat(a.recency()).isCloseTo(10 / 7.0, within(1e-15));
    assertThat(a.age()).isCloseTo(12 / 7.0, within(1e-15));
  }

  @Test
  void transaction_negativeAmount_isRejectedNamingFieldAndValue() {
    assertThatThrownBy(() -> new Transaction(A, D0, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amountMinor")
        .hasMessageContaining("-5");
  }

  @Test
  void summary_inconsistentTriple_isRejectedNamingFieldAndValue() {
    assertThatThrownBy(() -> CustomerSummary.checkTriple(-1, 0, 1))
        .hasMessageContaining("frequency")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> CustomerSummary.checkTriple(2, 5, 4))
        .hasMessageContaining("recency")
        .hasMessageContaining("5.0");
    assertThatThrownBy(() -> CustomerSummary.checkTriple(0, 1, 4)).hasMessageContaining("recency");
    assertThatThrownBy(() -> CustomerSummary.checkTriple(1, 1, Double.NaN))
        .hasMessageContaining("age")
        .hasMessageContaining("NaN");
  }

  @Test
  void latestDate_empty_isRejected() {
    assertThatThrownBy(() -> CustomerSummaries.latestDate(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transactions");
  }
}
