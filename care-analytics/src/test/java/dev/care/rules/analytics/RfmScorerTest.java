package dev.care.rules.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.core.customer.CustomerId;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RfmScorerTest {
  private static final LocalDate END = LocalDate.of(2026, 11, 23);

  private static CustomerSummary customer(String id, int daysAgo, int x, long spend) {
    LocalDate last = END.minusDays(daysAgo);
    LocalDate first = x == 0 ? last : last.minusDays(10L * x);
    double tx = x == 0 ? 0 : 10.0 * x;
    return new CustomerSummary(
        CustomerId.of(id),
        x,
        tx,
        ChronoUnit.DAYS.between(first, END),
        spend,
        x == 0 ? 0 : spend / 2,
        first,
        last);
  }

  /**
   * The score by thresholds is the documented rank formula, counted out, for any sizes and ties.
   */
  @Test
  void quintiles_areOnePlusFiveTimesTheValuesStrictlyBelowOverN() {
    qt().withFixedSeed(20261205L)
        .withExamples(500)
        .forAll(
            lists().of(longs().between(-3, 12)).ofSizeBetween(1, 40),
            // few distinct values (counted) and many (sorted)
            lists().of(longs().between(-1_000_000, 1_000_000)).ofSizeBetween(1, 400))
        .checkAssert(
            (few, many) -> List.of(few, many).forEach(RfmScorerTest::assertQuintilesByDefinition));
  }

  private static void assertQuintilesByDefinition(List<Long> list) {
    long[] v = list.stream().mapToLong(Long::longValue).toArray();
    int[] expected = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      int below = 0;
      for (long w : v) {
        below += w < v[i] ? 1 : 0;
      }
      expected[i] = 1 + 5 * below / v.length;
    }
    assertThat(RfmScorer.quintiles(v)).containsExactly(expected);
  }

  @Test
  void quintiles_evenRanks_areFiveEqualGroups() {
    long[] v = new long[10];
    for (int i = 0; i < 10; i++) {
      v[i] = 100 - i;
    }
    assertThat(RfmScorer.quintiles(v)).containsExactly(5, 5, 4, 4, 3, 3, 2, 2, 1, 1);
  }

  @Test
  void quintiles_ties_shareTheScoreOfTheirLowestPosition() {
    assertThat(RfmScorer.quintiles(new long[] {7, 7, 7, 7, 7})).containsOnly(1);
    // sorted: 1, 2, 2, 2, 9 → strictly below: 0, 1, 1, 1, 4 → 1 + ⌊5·w/5⌋
    assertThat(RfmScorer.quintiles(new long[] {2, 9, 1, 2, 2})).containsExactly(2, 5, 1, 2, 2);
  }

  @Test
  void score_isIndependentOfInputOrder_andScoresAreOneToFive() {
    qt().withFixedSeed(20261123L)
        .withExamples(100)
        .forAll(lists().of(longs().between(0, 50)).ofSizeBetween(1, 60))
        .checkAssert(
            seeds -> {
              List<CustomerSummary> cs = new ArrayList<>();
              for (int i = 0; i < seeds.size(); i++) {
                long s = seeds.get(i);
                cs.add(customer("C" + i, (int) (s % 7) * 30, (int) (s % 5), s * 1000));
              }
              List<RfmScore> a = RfmScorer.score(cs, END);
              List<CustomerSummary> shuffled = new ArrayList<>(cs);
              Collections.shuffle(shuffled, new Random(seeds.size()));
              Map<CustomerId, RfmScore> b =
                  RfmScorer.score(shuffled, END).stream()
                      .collect(Collectors.toMap(RfmScore::customerId, Function.identity()));
              for (RfmScore s : a) {
                assertThat(b.get(s.customerId())).isEqualTo(s);
                assertThat(List.of(s.recency(), s.frequency(), s.monetary()))
                    .allSatisfy(v -> assertThat(v).isBetween(1, 5));
              }
            });
  }

  @Test
  void score_bestAndWorstCustomers_areChampionsAndLost() {
    List<CustomerSummary> cs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      cs.add(customer("C" + i, i * 20, 9 - i, (10 - i) * 1000L));
    }
    List<RfmScore> s = RfmScorer.score(cs, END);
    assertThat(s.get(0).code()).isEqualTo("555");
    assertThat(s.get(0).segment()).isEqualTo(RfmSegment.CHAMPIONS);
    assertThat(s.get(9).code()).isEqualTo("111");
    assertThat(s.get(9).segment()).isEqualTo(RfmSegment.LOST);
  }

  @Test
  void segmentGrid_coversEveryCell_andUsesEverySegment() {
    qt().withFixedSeed(20261123L)
        .forAll(integers().between(1, 5), integers().between(1, 5))
        .checkAssert((r, fm) -> assertThat(RfmSegment.of(r, fm)).isNotNull());
    Set<RfmSegment> used = EnumSet.noneOf(RfmSegment.class);
    for (int r = 1; r <= 5; r++) {
      for (int fm = 1; fm <= 5; fm++) {
        used.add(RfmSegment.of(r, fm));
      }
    }
    assertThat(used).containsExactlyInAnyOrder(RfmSegment.values());
    assertThat(RfmSegment.of(1, 5).displayName()).isEqualTo("Can't lose them");
    assertThat(RfmSegment.of(2, 3)).isEqualTo(RfmSegment.AT_RISK);
    assertThat(RfmSegment.of(3, 3)).isEqualTo(RfmSegment.NEED_ATTENTION);
    assertThat(RfmSegment.of(4, 1)).isEqualTo(RfmSegment.PROMISING);
    assertThat(RfmSegment.of(5, 1)).isEqualTo(RfmSegment.NEW);
    assertThat(RfmSegment.of(4, 2)).isEqualTo(RfmSegment.POTENTIAL_LOYALIST);
    assertThat(RfmSegment.of(3, 4)).isEqualTo(RfmSegment.LOYAL);
    assertThat(RfmSegment.of(3, 1)).isEqualTo(RfmSegment.ABOUT_TO_SLEEP);
    assertThat(RfmSegment.of(2, 1)).isEqualTo(RfmSegment.HIBERNATING);
  }

  @Test
  void badInputs_areRejectedNamingFieldAndValue() {
    assertThatThrownBy(() -> RfmSegment.of(0, 3)).hasMessageContaining("r must be 1..5, got 0");
    assertThatThrownBy(() -> RfmSegment.of(3, 6)).hasMessageContaining("fm must be 1..5, got 6");
    CustomerSummary c = customer("A", 0, 1, 100);
    assertThatThrownBy(() -> RfmScorer.score(List.of(c), END.minusDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asOf 2026-11-22");
  }
}
