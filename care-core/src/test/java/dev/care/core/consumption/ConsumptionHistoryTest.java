package dev.care.core.consumption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.testing.Pbt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumptionHistoryTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final CustomerId C = CustomerId.of("C-1");
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  private static Money eur(long cents) {
    return Money.ofMinor(EUR, cents);
  }

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  private static ConsumptionHistory sample() {
    return ConsumptionHistory.of(
        C,
        EUR,
        List.of(
            Purchase.of("o1", C, day(0), eur(1000)),
            Purchase.of("o2", C, day(10), eur(2001)),
            Purchase.of("o3", C, day(20), eur(3000)),
            Return.of("r1", C, day(21), "o3", eur(3000)),
            Return.of("r2", C, day(12), "o2", eur(1))));
  }

  @Test
  void derivedFigures_countNetSpendAndIgnoreFullyReturnedPurchases() {
    ConsumptionHistory h = sample();
    Instant now = day(30);
    assertThat(h.frequency(now)).isEqualTo(2);
    assertThat(h.monetary(now)).isEqualTo(eur(3000));
    assertThat(h.averageBasket(now)).contains(eur(1500));
    assertThat(h.lastPurchaseAt(now)).contains(day(10));
    assertThat(h.firstPurchaseAt(now)).contains(day(0));
    assertThat(h.recency(now)).contains(Duration.ofDays(20));
  }

  @Test
  void derivedFigures_asOfEarlierInstant_seeOnlyEarlierRecords() {
    ConsumptionHistory h = sample();
    // before the return of o3, o3 still counts
    assertThat(h.frequency(day(20))).isEqualTo(3);
    // 10.00 + 20.01 + 30.00 - 0.01 returned on day 12
    assertThat(h.monetary(day(20))).isEqualTo(eur(6000));
    assertThat(h.lastPurchaseAt(day(20))).contains(day(20));
    assertThat(h.frequency(day(-1))).isZero();
    assertThat(h.averageBasket(day(-1))).isEmpty();
    assertThat(h.recency(day(-1))).isEmpty();
  }

  @Test
  void averageBasket_roundsHalfEvenToMinorUnit() {
    ConsumptionHistory h =
        ConsumptionHistory.of(
            C,
            EUR,
            List.of(
                Purchase.of("a", C, day(0), eur(1)),
                Purchase.of("b", C, day(1), eur(2)),
                Purchase.of("c", C, day(2), eur(2))));
    // 5 / 3 = 1.67 -> 2
    assertThat(h.averageBasket(day(3))).contains(eur(2));
    ConsumptionHistory h2 =
        ConsumptionHistory.of(
            C,
            EUR,
            List.of(Purchase.of("a", C, day(0), eur(1)), Purchase.of("b", C, day(1), eur(4))));
    // 5 / 2 = 2.5 -> 2 (half-even)
    assertThat(h2.averageBasket(day(3))).contains(eur(2));
  }

  @Test
  void with_returnExceedingWhatIsLeft_throwsNamingAmounts() {
    ConsumptionHistory h = sample();
    assertThatThrownBy(() -> h.with(Return.of("r3", C, day(30), "o2", eur(2001))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r3")
        .hasMessageContaining("EUR 20.00");
  }

  @Test
  void with_invalidRecords_throwAndLeaveHistoryUnchanged() {
    ConsumptionHistory h = sample();
    List<ConsumptionRecord> before = h.records();
    assertThatThrownBy(() -> h.with(Return.of("r9", C, day(30), "nope", eur(1))))
        .hasMessageContaining("unknown purchase nope");
    assertThatThrownBy(() -> h.with(Purchase.of("o1", C, day(30), eur(1))))
        .hasMessageContaining("o1 already exists");
    assertThatThrownBy(() -> h.with(Purchase.of("o9", CustomerId.of("X"), day(30), eur(1))))
        .hasMessageContaining("customer X");
    assertThatThrownBy(() -> h.with(Purchase.of("o9", C, day(30), Money.ofMinor("USD", 1))))
        .hasMessageContaining("USD");
    assertThatThrownBy(() -> h.with(Return.of("r9", C, day(5), "o2", eur(1))))
        .hasMessageContaining("before its purchase");
    assertThat(h.records()).isEqualTo(before);
  }

  @Test
  void records_invalidAmountsOrItems_throw() {
    assertThatThrownBy(() -> Purchase.of("o", C, T0, eur(-1))).hasMessageContaining("amount");
    assertThatThrownBy(() -> Return.of("r", C, T0, "o", eur(0))).hasMessageContaining("> 0");
    LineItem shampoo = LineItem.of("SKU-1", "haircare", 2, eur(1800));
    assertThatThrownBy(
            () ->
                new Purchase(
                    "o", C, T0, eur(2000), List.of(shampoo), SalesChannel.STORE, Optional.empty()))
        .hasMessageContaining("items sum to EUR 18.00 but amount is EUR 20.00");
    assertThatThrownBy(() -> LineItem.of("SKU", "Hair Care", 1, eur(1)))
        .hasMessageContaining("'Hair Care'");
    assertThatThrownBy(() -> LineItem.of("SKU", "hair", 0, eur(1)))
        .hasMessageContaining("quantity");
    assertThat(
            new Purchase(
                    "o", C, T0, eur(1800), List.of(shampoo), SalesChannel.ONLINE, Optional.of("s1"))
                .items())
        .containsExactly(shampoo);
  }

  @Test
  void zeroAmountPurchase_countsAsAVisit() {
    ConsumptionHistory h =
        ConsumptionHistory.of(C, EUR, List.of(Purchase.of("free", C, T0, eur(0))));
    assertThat(h.frequency(T0)).isEqualTo(1);
    assertThat(h.monetary(T0)).isEqualTo(eur(0));
  }

  @Test
  void monetary_equalsPurchasesMinusReturns_andRecordsStayInTimeOrder_property() {
    Pbt.qt()
        .forAll(
            lists().of(longs().between(0, 1_000_000)).ofSizeBetween(1, 30),
            lists().of(integers().between(0, 100)).ofSizeBetween(1, 30))
        .checkAssert(
            (amounts, returnPercents) -> {
              List<ConsumptionRecord> recs = new ArrayList<>();
              long expected = 0;
              for (int i = 0; i < amounts.size(); i++) {
                long a = amounts.get(i);
                recs.add(Purchase.of("o" + i, C, day(i * 3), eur(a)));
                expected += a;
                long back = a * returnPercents.get(i % returnPercents.size()) / 100;
                if (back > 0) {
                  recs.add(Return.of("r" + i, C, day(i * 3 + 1), "o" + i, eur(back)));
                  expected -= back;
                }
              }
              // insertion order must not matter
              List<ConsumptionRecord> shuffled = new ArrayList<>(recs);
              java.util.Collections.reverse(shuffled);
              ConsumptionHistory h = ConsumptionHistory.of(C, EUR, shuffled);
              Instant end = day(amounts.size() * 3 + 5);
              assertThat(h.monetary(end)).isEqualTo(eur(expected));
              assertThat(h.frequency(end)).isLessThanOrEqualTo(amounts.size());
              for (int i = 1; i < h.records().size(); i++) {
                assertThat(h.records().get(i).at()).isAfterOrEqualTo(h.records().get(i - 1).at());
              }
              assertThat(h).isEqualTo(ConsumptionHistory.of(C, EUR, recs));
            });
  }

  /**
   * One record drawn from three numbers: a purchase or a return on one of a few days; purchase ids
   * repeat after the eighth record, returns reference purchases recorded, later or unknown, and
   * refunds, alone or together, may exceed what is left of the purchase.
   */
  private static ConsumptionRecord drawn(int i, int what, int amount) {
    Instant at = day(what % 5);
    if (what % 3 == 0) {
      return Return.of("r" + i, C, at, "o" + (amount % 6), eur(1 + amount % 400));
    }
    return Purchase.of("o" + (i % 8), C, at, eur(amount));
  }

  @Test
  void of_isWithAppliedInTimeOrder_includingWhichRecordItRejectsAndWhy_property() {
    Pbt.qt()
        .forAll(
            lists().of(integers().between(0, 1_000)).ofSizeBetween(0, 12),
            lists().of(integers().between(0, 1_000)).ofSizeBetween(1, 12))
        .checkAssert(
            (whats, amounts) -> {
              List<ConsumptionRecord> recs = new ArrayList<>();
              for (int i = 0; i < whats.size(); i++) {
                recs.add(drawn(i, whats.get(i), amounts.get(i % amounts.size())));
              }
              List<ConsumptionRecord> inTimeOrder = new ArrayList<>(recs);
              inTimeOrder.sort(java.util.Comparator.comparing(ConsumptionRecord::at));
              ConsumptionHistory folded = ConsumptionHistory.empty(C, EUR);
              String foldedFailure = null;
              try {
                for (ConsumptionRecord r : inTimeOrder) {
                  folded = folded.with(r);
                }
              } catch (IllegalArgumentException e) {
                foldedFailure = e.getMessage();
              }
              if (foldedFailure == null) {
                ConsumptionHistory built = ConsumptionHistory.of(C, EUR, recs);
                assertThat(built).isEqualTo(folded);
                assertThat(built.records()).isEqualTo(folded.records());
                Instant end = day(10);
                assertThat(built.purchaseTimes(end)).isEqualTo(folded.purchaseTimes(end));
                assertThat(built.purchaseTimes(day(2))).isEqualTo(folded.purchaseTimes(day(2)));
              } else {
                assertThatThrownBy(() -> ConsumptionHistory.of(C, EUR, recs))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(foldedFailure);
              }
            });
  }

  @Test
  void purchaseTimes_asOfTheEndAndBefore_agreeWithTheRecords() {
    ConsumptionHistory h = sample();
    // asked at the end (kept) and then before the last return: both from the records
    assertThat(h.purchaseTimes(day(30))).containsExactly(day(0), day(10));
    assertThat(h.purchaseTimes(day(30))).containsExactly(day(0), day(10));
    assertThat(h.purchaseTimes(day(20))).containsExactly(day(0), day(10), day(20));
    assertThat(h.purchaseTimes(day(21))).containsExactly(day(0), day(10));
    ConsumptionHistory more = h.with(Purchase.of("o4", C, day(40), eur(500)));
    assertThat(more.purchaseTimes(day(40))).containsExactly(day(0), day(10), day(40));
    assertThat(h.purchaseTimes(day(40))).containsExactly(day(0), day(10));
  }
}
