package dev.care.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class SegmentEnginesAgreeTest {
  private static final int N = 2_000;

  @Test
  void evaluateAll_careNaiveAndDrools_produceIdenticalMemberships() {
    List<SegmentDefinition> defs = SegmentWorkload.definitions();
    List<CustomerAttributes> pop = SegmentWorkload.population(N, SegmentWorkload.SEED);
    try (SegmentEngine care = careEngine(defs, pop);
        DroolsSegmentEngine drools =
            new DroolsSegmentEngine(defs, pop, SegmentWorkload.TODAY, true)) {
      NaiveSegmentEngine naive = new NaiveSegmentEngine(defs, pop, SegmentWorkload.TODAY);
      long droolsTotal = drools.evaluateAll();
      RoaringBitmap[] naiveMembers = naive.memberships();
      for (int s = 0; s < defs.size(); s++) {
        RoaringBitmap c = care.members(defs.get(s).id());
        assertThat(naiveMembers[s]).as("naive %s", defs.get(s).id()).isEqualTo(c);
        assertThat(drools.hits().members()[s]).as("drools %s", defs.get(s).id()).isEqualTo(c);
      }
      assertThat(naive.evaluateAll()).isEqualTo(care.totalMembership()).isEqualTo(droolsTotal);
      // mixed selectivity: from rare to near-universal
      List<Integer> counts = new ArrayList<>();
      defs.forEach(d -> counts.add(care.count(d.id())));
      assertThat(counts.stream().mapToInt(Integer::intValue).min().orElseThrow())
          .isLessThan(N / 100);
      assertThat(counts.stream().mapToInt(Integer::intValue).max().orElseThrow())
          .isGreaterThan(N * 9 / 10);
    }
  }

  @Test
  void update_careAndDrools_stayIdenticalAfterManyUpdates() {
    List<SegmentDefinition> defs = SegmentWorkload.definitions();
    List<CustomerAttributes> pop =
        new ArrayList<>(SegmentWorkload.population(N, SegmentWorkload.SEED));
    try (SegmentEngine care = careEngine(defs, pop);
        DroolsSegmentEngine drools =
            new DroolsSegmentEngine(defs, pop, SegmentWorkload.TODAY, true)) {
      drools.startIncremental();
      Random r = new Random(1);
      for (int k = 0; k < 500; k++) {
        int i = r.nextInt(N);
        CustomerAttributes next = SegmentWorkload.mutate(r, pop.get(i));
        pop.set(i, next);
        care.update(i, next);
        drools.update(i, next);
      }
      for (int s = 0; s < defs.size(); s++) {
        assertThat(drools.hits().members()[s])
            .as("drools %s", defs.get(s).id())
            .isEqualTo(care.members(defs.get(s).id()));
      }
      NaiveSegmentEngine naive = new NaiveSegmentEngine(defs, pop, SegmentWorkload.TODAY);
      RoaringBitmap[] fresh = naive.memberships();
      for (int s = 0; s < defs.size(); s++) {
        assertThat(care.members(defs.get(s).id())).isEqualTo(fresh[s]);
      }
    }
  }

  static SegmentEngine careEngine(List<SegmentDefinition> defs, List<CustomerAttributes> pop) {
    SegmentEngine e =
        SegmentEngine.builder(SegmentWorkload.schema(), SegmentWorkload.TODAY)
            .segments(defs)
            .parallelism(2)
            .build();
    e.load(pop);
    return e;
  }
}
