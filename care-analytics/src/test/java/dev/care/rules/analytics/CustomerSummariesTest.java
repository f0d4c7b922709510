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

  @Test
  void ofColumns_shuffledRows_matchesTheRowObjectPath() {
    List<Transaction> rows =
        new java.util.ArrayList<>(
            Simulation.transactions(
                Populations.CDNOW,
                Populations.CDNOW_SPEND,
                3000,
                Populations.CALIBRATION_END,
                273,
                84,
                PeriodUnit.WEEKS,
                7L));
    // same-day duplicates, rows after the calibration end, and any order
    rows.add(rows.get(10));
    rows.add(
        new Transaction(rows.get(20).customerId(), Populations.CALIBRATION_END.plusDays(3), 999));
    java.util.Collections.shuffle(rows, new java.util.Random(1));
    java.util.Map<CustomerId, Integer> number = new java.util.LinkedHashMap<>();
    int[] customer = new int[rows.size()];
    int[] day = new int[rows.size()];
    long[] amount = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      customer[i] = number.computeIfAbsent(rows.get(i).customerId(), k -> number.size());
      day[i] = (int) rows.get(i).date().toEpochDay();
      amount[i] = rows.get(i).amountMinor();
    }
    List<CustomerSummary> columns =
        CustomerSummaries.ofColumns(
            List.copyOf(number.keySet()),
            customer,
            day,
            amount,
            rows.size(),
            Populations.CALIBRATION_END,
            PeriodUnit.WEEKS);
    assertThat(columns)
        .isEqualTo(CustomerSummaries.of(rows, Populations.CALIBRATION_END, PeriodUnit.WEEKS));
  }

  @Test
  void ofColumns_badRow_namesRowAndValue() {
    assertThatThrownBy(
            () ->
                CustomerSummaries.ofColumns(
                    List.of(CustomerId.of("a")),
                    new int[] {0, 1},
                    new int[] {0, 0},
                    new long[] {1, 1},
                    2,
                    LocalDate.of(2026, 1, 1),
                    PeriodUnit.DAYS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customer of row 1 must be in [0, 1), got 1");
  }
}
