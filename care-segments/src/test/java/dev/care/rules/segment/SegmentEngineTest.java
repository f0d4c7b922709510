package dev.care.rules.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.core.customer.Channel;
import dev.care.rules.testing.Pbt;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class SegmentEngineTest {
  private static final LocalDate TODAY = Reference.TODAY;

  private static SegmentEngine engine(List<SegmentDefinition> defs, int parallelism) {
    return SegmentEngine.builder(SegmentSchema.standard(), TODAY)
        .segments(defs)
        .parallelism(parallelism)
        .build();
  }

  private static void assertMatchesReference(
      SegmentEngine e, List<CustomerAttributes> pop, LocalDate today) {
    for (SegmentDefinition d : e.definitions()) {
      RoaringBitmap expected = new RoaringBitmap();
      for (int i = 0; i < pop.size(); i++) {
        if (Reference.matches(d.expression(), pop.get(i), today)) {
          expected.add(i);
        }
      }
      assertThat(e.members(d.id()))
          .as("%s: %s", d.id(), d.expression().toText())
          .isEqualTo(expected);
    }
  }

  @Nested
  @DisplayName("full evaluation")
  class Full {
    @Test
    void evaluateAll_randomPopulations_equalsRowByRowReference() {
      Pbt.qt(10)
          .forAll(longs().all())
          .checkAssert(
              seed -> {
                Random r = new Random(seed);
                List<CustomerAttributes> pop = Reference.population(r, r.nextInt(700), TODAY);
                try (SegmentEngine e = engine(Reference.definitions(r, 8), 1 + r.nextInt(3))) {
                  e.load(pop);
                  assertMatchesReference(e, pop, TODAY);
                }
              });
    }

    @Test
    void daysSince_noDateCountsAsInfinitelyOld_evenAgainstHugeLowerBounds() {
      CustomerAttributes never = CustomerAttributes.builder().build();
      CustomerAttributes dated =
          CustomerAttributes.builder()
              .enrolled(TODAY.minusDays(10))
              .lastPurchase(TODAY.minusDays(10))
              .build();
      List<SegmentDefinition> defs =
          List.of(
              SegmentDefinition.parse("t", "t", "tenureDays > 9223372036854775805"),
              SegmentDefinition.parse("r", "r", "recencyDays >= 2000000000"),
              SegmentDefinition.parse("s", "s", "recencyDays > 5"),
              SegmentDefinition.parse("u", "u", "recencyDays < 2000000000"));
      try (SegmentEngine e = engine(defs, 1)) {
        e.load(List.of(never, dated));
        assertThat(e.members(SegmentId.of("t"))).isEqualTo(RoaringBitmap.bitmapOf(0));
        assertThat(e.members(SegmentId.of("r"))).isEqualTo(RoaringBitmap.bitmapOf(0));
        assertThat(e.members(SegmentId.of("s"))).isEqualTo(RoaringBitmap.bitmapOf(0, 1));
        assertThat(e.members(SegmentId.of("u"))).isEqualTo(RoaringBitmap.bitmapOf(1));
        // the row path (incremental update) agrees with the bitmap path
        assertThat(e.update(1, never)).hasSize(3); // enters t and r, exits u
        assertThat(e.contains(SegmentId.of("t"), 1)).isTrue();
        assertThat(e.contains(SegmentId.of("u"), 1)).isFalse();
      }
    }

    @Test
    void evaluateAll_populationSpanningSeveralChunks_equalsReference() {
      Random r = new Random(7);
      List<CustomerAttributes> pop = Reference.population(r, 140_000, TODAY);
      try (SegmentEngine e = engine(Reference.definitions(r, 12), 2)) {
        e.load(pop);
        assertMatchesReference(e, pop, TODAY);
        e.evaluateAll();
        assertMatchesReference(e, pop, TODAY);
      }
    }

    @Test
    void issueExample_membersAndSetAlgebra() {
      SegmentDefinition lapsedGold =
          SegmentDefinition.parse(
              "lapsed-gold",
              "Lapsed gold",
              "tier in (GOLD, PLATINUM) and recencyDays > 60 and frequency >= 3");
      SegmentDefinition email = SegmentDefinition.parse("email", "E-mail", "consent(EMAIL)");
      try (SegmentEngine e = engine(List.of(lapsedGold, email), 1)) {
        CustomerAttributes base =
            CustomerAttributes.builder()
                .tier("GOLD")
                .frequency(5)
                .lastPurchase(TODAY.minusDays(90))
                .build();
        e.load(
            List.of(
                base,
                base.toBuilder().consents(Set.of(Channel.EMAIL)).build(),
                base.toBuilder().lastPurchase(TODAY.minusDays(10)).build(),
                base.toBuilder().tier("SILVER").consents(Set.of(Channel.EMAIL)).build()));
        assertThat(e.members(lapsedGold.id()).toArray()).containsExactly(0, 1);
        assertThat(e.count(email.id())).isEqualTo(2);
        assertThat(e.intersectionCount(lapsedGold.id(), email.id())).isEqualTo(1);
        assertThat(e.unionCount(lapsedGold.id(), email.id())).isEqualTo(3);
        assertThat(e.differenceCount(lapsedGold.id(), email.id())).isEqualTo(1);
        assertThat(e.difference(email.id(), lapsedGold.id()).toArray()).containsExactly(3);
        assertThat(e.union(lapsedGold.id(), email.id()).toArray()).containsExactly(0, 1, 3);
        assertThat(e.intersection(lapsedGold.id(), email.id()).toArray()).containsExactly(1);
      }
    }

    @Test
    void columns_fitIn64BytesPerCustomer() {
      assertThat(SegmentEngine.columnBytesPerCustomer()).isLessThanOrEqualTo(64);
    }
  }

  @Nested
  @DisplayName("incremental maintenance")
  class Incremental {
    @Test
    void update_randomChanges_equalsFullReevaluationAndEventsDescribeTheDiff() {
      Pbt.qt(10)
          .forAll(longs().all())
          .checkAssert(
              seed -> {
                Random r = new Random(seed);
                List<CustomerAttributes> pop =
                    new ArrayList<>(Reference.population(r, 1 + r.nextInt(300), TODAY));
                List<SegmentEvent> heard = new ArrayList<>();
                try (SegmentEngine e =
                    SegmentEngine.builder(SegmentSchema.standard(), TODAY)
                        .segments(Reference.definitions(r, 8))
                        .parallelism(1)
                        .listener(heard::add)
                        .build()) {
                  e.load(pop);
                  for (int step = 0; step < 40; step++) {
                    int i = r.nextInt(pop.size());
                    CustomerAttributes next = mutate(r, pop.get(i));
                    List<RoaringBitmap> before = snapshot(e);
                    heard.clear();
                    List<SegmentEvent> events = e.update(i, next);
                    pop.set(i, next);
                    assertThat(heard).isEqualTo(events);
                    assertThat(e.attributes(i)).isEqualTo(next);
                    List<RoaringBitmap> full = e.evaluateSnapshot();
                    assertThat(snapshot(e)).isEqualTo(full);
                    assertThat(Set.copyOf(events)).isEqualTo(diff(e, before, full, i));
                  }
                  assertMatchesReference(e, pop, TODAY);
                }
              });
    }

    @Test
    void add_singleCustomer_emitsEnteredForEachMatchingSegment() {
      try (SegmentEngine e =
          engine(
              List.of(
                  SegmentDefinition.parse("vip", "VIP", "hasTag(vip)"),
                  SegmentDefinition.parse("gold", "Gold", "tier = GOLD")),
              1)) {
        SegmentEngine.Added added =
            e.add(CustomerAttributes.builder().tier("GOLD").tags(Set.of("vip")).build());
        assertThat(added.customer()).isZero();
        assertThat(added.events())
            .containsExactly(
                new SegmentEntered(SegmentId.of("vip"), 0, TODAY),
                new SegmentEntered(SegmentId.of("gold"), 0, TODAY));
        assertThat(e.update(0, e.attributes(0).toBuilder().tags(Set.of()).build()))
            .containsExactly(new SegmentExited(SegmentId.of("vip"), 0, TODAY));
        assertThat(e.update(0, e.attributes(0))).isEmpty();
      }
    }

    @Test
    void update_unknownTierOrIndex_isRejectedNamingTheValue() {
      try (SegmentEngine e = engine(List.of(SegmentDefinition.parse("g", "G", "tier = GOLD")), 1)) {
        e.add(CustomerAttributes.builder().build());
        assertThatThrownBy(() -> e.update(0, CustomerAttributes.builder().tier("DIAMOND").build()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("DIAMOND");
        assertThatThrownBy(() -> e.update(5, CustomerAttributes.builder().build()))
            .isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessageContaining("5");
      }
    }

    @Test
    void build_undeclaredValue_isRejected() {
      assertThatThrownBy(
              () -> engine(List.of(SegmentDefinition.parse("x", "X", "tier in (GOLD, GOLDEN)")), 1))
          .isInstanceOf(InvalidSegmentException.class)
          .hasMessageContaining("GOLDEN")
          .hasMessageContaining("tier");
    }
  }

  @Nested
  @DisplayName("membership words")
  class MembershipWords {
    @Test
    void randomCommandSequences_wordsEqualBitmapsAndMembershipsEqualFullEvaluation() {
      Pbt.qt(10)
          .forAll(longs().all())
          .checkAssert(
              seed -> {
                Random r = new Random(seed);
                // more than 64 segments now and then (several words per customer), and sometimes
                // over 63 tags interned before the ones segments read (the tag word's overflow bit)
                List<SegmentDefinition> defs =
                    Reference.definitions(
                        r, r.nextBoolean() ? 1 + r.nextInt(8) : 60 + r.nextInt(90));
                List<String> filler = new ArrayList<>();
                for (int t = 0; t < (r.nextBoolean() ? 70 : 3); t++) {
                  filler.add("filler" + t);
                }
                List<CustomerAttributes> pop = new ArrayList<>();
                pop.add(CustomerAttributes.builder().tags(Set.copyOf(filler)).build());
                pop.addAll(Reference.population(r, r.nextInt(200), TODAY));
                try (SegmentEngine e = engine(defs, 1 + r.nextInt(2))) {
                  e.load(pop);
                  LocalDate day = TODAY;
                  for (int step = 0; step < 30; step++) {
                    int i = r.nextInt(pop.size());
                    switch (r.nextInt(10)) {
                      case 0 -> {
                        pop.add(withFiller(r, Reference.customer(r, day), filler));
                        e.add(pop.get(pop.size() - 1));
                      }
                      case 1 -> {
                        day = day.plusDays(r.nextInt(60) - 20);
                        e.advanceTo(day);
                      }
                      case 2 -> e.evaluateAll();
                      case 3 -> {
                        pop.set(i, withFiller(r, pop.get(i), filler));
                        e.update(i, pop.get(i));
                      }
                      default -> {
                        pop.set(i, mutate(r, pop.get(i)));
                        e.update(i, pop.get(i));
                      }
                    }
                    assertThat(e.membershipWordsAgree()).as("step %d", step).isTrue();
                    assertThat(e.attributes(i)).isEqualTo(pop.get(i));
                  }
                  // incremental = full evaluation; agreement with the row reference is the
                  // business of the tests above
                  assertThat(snapshot(e)).isEqualTo(e.evaluateSnapshot());
                }
              });
    }

    @Test
    void columnBytesPerCustomer_countsOneMembershipWordPer64Segments() {
      assertThat(
              SegmentEngine.columnBytesPerCustomer(65) - SegmentEngine.columnBytesPerCustomer(64))
          .isEqualTo(8);
      assertThat(SegmentEngine.columnBytesPerCustomer(1))
          .isEqualTo(SegmentEngine.columnBytesPerCustomer(64));
    }
  }

  @Nested
  @DisplayName("concurrent queries")
  class ConcurrentQueries {
    /**
     * Two complementary segments: between any two writes their union is everyone and their
     * intersection empty, so a query that saw one segment's queued changes applied and the other's
     * not (or a half-applied batch) would break an identity within one call.
     */
    @Test
    void readersDuringUpdates_alwaysSeeAStateBetweenTwoWritesAndNeverThrow() throws Exception {
      SegmentDefinition gold = SegmentDefinition.parse("gold", "Gold", "tier = GOLD");
      SegmentDefinition other = SegmentDefinition.parse("other", "Other", "not tier = GOLD");
      SegmentDefinition vip = SegmentDefinition.parse("vip", "VIP", "hasTag(vip)");
      int n = 20_000;
      Random r = new Random(5);
      List<CustomerAttributes> pop = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        pop.add(
            CustomerAttributes.builder()
                .tier(r.nextBoolean() ? "GOLD" : "SILVER")
                .tags(r.nextInt(4) == 0 ? Set.of("vip") : Set.of())
                .build());
      }
      try (SegmentEngine e = engine(List.of(gold, other, vip), 2)) {
        e.load(pop);
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean done =
            new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          Thread th =
              new Thread(
                  () -> {
                    try {
                      while (!done.get()) {
                        check(failures, e.unionCount(gold.id(), other.id()) == n, "unionCount");
                        check(failures, e.intersectionCount(gold.id(), other.id()) == 0, "inter");
                        check(failures, e.union(gold.id(), other.id()).getCardinality() == n, "u");
                        check(failures, e.intersection(gold.id(), other.id()).isEmpty(), "i");
                        check(failures, e.unionCount(gold.id(), other.id(), vip.id()) == n, "u3");
                        int c = e.count(gold.id());
                        check(failures, c >= 0 && c <= n, "count " + c);
                        RoaringBitmap mine = e.members(gold.id());
                        check(failures, mine.getCardinality() <= n, "members");
                        mine.add(n + 5);
                        check(failures, !e.members(gold.id()).contains(n + 5), "copy");
                        check(
                            failures,
                            e.totalMembership() - e.count(vip.id()) >= 0,
                            "totalMembership");
                      }
                    } catch (Throwable ex) {
                      failures.add(ex);
                    }
                  });
          readers.add(th);
          th.start();
        }
        try {
          for (int step = 0; step < 30_000; step++) {
            int i = r.nextInt(n);
            CustomerAttributes.Builder b = pop.get(i).toBuilder();
            b.tier(pop.get(i).tier().equals("GOLD") ? "SILVER" : "GOLD");
            if (r.nextInt(3) == 0) {
              b.tags(pop.get(i).tags().isEmpty() ? Set.of("vip") : Set.of());
            }
            pop.set(i, b.build());
            e.update(i, pop.get(i));
            if (step % 10_000 == 9_999) {
              e.evaluateAll();
            }
          }
        } finally {
          done.set(true);
          for (Thread th : readers) {
            th.join();
          }
        }
        assertThat(failures).isEmpty();
        assertThat(e.membershipWordsAgree()).isTrue();
        assertThat(snapshot(e)).isEqualTo(e.evaluateSnapshot());
        assertThat(e.count(gold.id()) + e.count(other.id())).isEqualTo(n);
        assertThat(e.totalMembership()).isEqualTo(n + (long) e.members(vip.id()).getCardinality());
      }
    }

    private static void check(java.util.Collection<Throwable> failures, boolean ok, String what) {
      if (!ok) {
        failures.add(new AssertionError(what));
      }
    }
  }

  private static CustomerAttributes withFiller(
      Random r, CustomerAttributes c, List<String> filler) {
    Set<String> tags = new HashSet<>(c.tags());
    for (String t : filler) {
      if (r.nextInt(8) == 0) {
        tags.add(t);
      }
    }
    if (r.nextBoolean()) {
      tags.removeIf(t -> r.nextBoolean());
    }
    return c.toBuilder().tags(tags).build();
  }

  @Nested
  @DisplayName("time passing")
  class TimePassing {
    @Test
    void advanceTo_randomJumps_equalsFreshEngineAtNewDateAndEventsDescribeTheDiff() {
      Pbt.qt(10)
          .forAll(longs().all())
          .checkAssert(
              seed -> {
                Random r = new Random(seed);
                List<CustomerAttributes> pop = Reference.population(r, r.nextInt(2000), TODAY);
                List<SegmentDefinition> defs = Reference.definitions(r, 8);
                try (SegmentEngine e = engine(defs, 1)) {
                  e.load(pop);
                  LocalDate day = TODAY;
                  for (int step = 0; step < 6; step++) {
                    int jump =
                        switch (r.nextInt(4)) {
                          case 0 -> 1;
                          case 1 -> r.nextInt(10) - 3;
                          case 2 -> r.nextInt(120);
                          default -> r.nextInt(2000) - 500;
                        };
                    List<RoaringBitmap> before = snapshot(e);
                    day = day.plusDays(jump);
                    List<SegmentEvent> events = e.advanceTo(day);
                    assertThat(e.today()).isEqualTo(day);
                    List<RoaringBitmap> now = snapshot(e);
                    assertThat(now).isEqualTo(e.evaluateSnapshot());
                    assertMatchesReference(e, pop, day);
                    assertThat(Set.copyOf(events)).isEqualTo(diff(e, before, now, -1));
                    assertThat(events).hasSameSizeAs(Set.copyOf(events));
                  }
                }
              });
    }

    @Test
    void advanceTo_populationSpanningSeveralChunks_findsBoundaryCustomersInEveryChunk() {
      // several chunks: incremental moves and full re-evaluation of the dated segments must agree
      Random r = new Random(11);
      List<CustomerAttributes> pop = Reference.population(r, 140_000, TODAY);
      List<SegmentDefinition> defs =
          List.of(
              SegmentDefinition.parse("recent", "Recent", "recencyDays <= 30"),
              SegmentDefinition.parse("lapsing", "Lapsing", "recencyDays between 60 and 90"),
              SegmentDefinition.parse("new", "New", "tenureDays < 45"));
      try (SegmentEngine e = engine(defs, 2)) {
        e.load(pop);
        LocalDate day = TODAY;
        for (int jump : new int[] {1, 1, 7, 3}) {
          List<RoaringBitmap> before = snapshot(e);
          day = day.plusDays(jump);
          List<SegmentEvent> events = e.advanceTo(day);
          List<RoaringBitmap> now = snapshot(e);
          assertThat(now).isEqualTo(e.evaluateSnapshot());
          assertThat(Set.copyOf(events)).isEqualTo(diff(e, before, now, -1));
          assertThat(events)
              .as("customers cross the boundaries in the last chunk too")
              .anyMatch(ev -> ev.customer() >= 131_072);
        }
        assertMatchesReference(e, pop, day);
      }
    }

    @Test
    void advanceTo_nextDay_birthdayAndRecencyBoundaries() {
      SegmentDefinition birthday =
          SegmentDefinition.parse("bday", "Birthday week", "birthdayWithin 7 days");
      SegmentDefinition lapsed = SegmentDefinition.parse("lapsed", "Lapsed", "recencyDays > 60");
      try (SegmentEngine e = engine(List.of(birthday, lapsed), 1)) {
        e.load(
            List.of(
                CustomerAttributes.builder()
                    .birthday(MonthDay.from(TODAY.plusDays(8)))
                    .lastPurchase(TODAY.minusDays(60))
                    .build(),
                CustomerAttributes.builder()
                    .birthday(MonthDay.from(TODAY))
                    .lastPurchase(TODAY.minusDays(5))
                    .build()));
        assertThat(e.members(birthday.id()).toArray()).containsExactly(1);
        assertThat(e.count(lapsed.id())).isZero();
        List<SegmentEvent> events = e.advanceTo(TODAY.plusDays(1));
        assertThat(events)
            .containsExactlyInAnyOrder(
                new SegmentEntered(birthday.id(), 0, TODAY.plusDays(1)),
                new SegmentExited(birthday.id(), 1, TODAY.plusDays(1)),
                new SegmentEntered(lapsed.id(), 0, TODAY.plusDays(1)));
      }
    }

    @Test
    void birthdayWithin_leapDayBirthday_celebratedOn28FebruaryInCommonYears() {
      SegmentDefinition today = SegmentDefinition.parse("b0", "Today", "birthdayWithin 0 days");
      try (SegmentEngine e =
          SegmentEngine.builder(SegmentSchema.standard(), LocalDate.of(2027, 2, 28))
              .segment(today)
              .parallelism(1)
              .build()) {
        e.load(List.of(CustomerAttributes.builder().birthday(MonthDay.of(2, 29)).build()));
        assertThat(e.count(today.id())).isEqualTo(1);
        assertThat(e.advanceTo(LocalDate.of(2028, 2, 28)))
            .containsExactly(new SegmentExited(today.id(), 0, LocalDate.of(2028, 2, 28)));
        assertThat(e.advanceTo(LocalDate.of(2028, 2, 29)))
            .containsExactly(new SegmentEntered(today.id(), 0, LocalDate.of(2028, 2, 29)));
      }
    }
  }

  private static List<RoaringBitmap> snapshot(SegmentEngine e) {
    List<RoaringBitmap> out = new ArrayList<>();
    for (SegmentDefinition d : e.definitions()) {
      out.add(e.members(d.id()));
    }
    return out;
  }

  /** Expected events between two membership snapshots (optionally restricted to one customer). */
  private static Set<SegmentEvent> diff(
      SegmentEngine e, List<RoaringBitmap> before, List<RoaringBitmap> after, int only) {
    Set<SegmentEvent> out = new HashSet<>();
    for (int s = 0; s < before.size(); s++) {
      SegmentId id = e.definitions().get(s).id();
      for (int c : RoaringBitmap.andNot(after.get(s), before.get(s))) {
        out.add(new SegmentEntered(id, c, e.today()));
      }
      for (int c : RoaringBitmap.andNot(before.get(s), after.get(s))) {
        out.add(new SegmentExited(id, c, e.today()));
      }
    }
    if (only >= 0) {
      out.removeIf(ev -> ev.customer() != only);
    }
    return out;
  }

  private static CustomerAttributes mutate(Random r, CustomerAttributes c) {
    CustomerAttributes fresh = Reference.customer(r, TODAY);
    CustomerAttributes.Builder b = c.toBuilder();
    switch (r.nextInt(8)) {
      case 0 -> b.frequency(fresh.frequency()).monetary(fresh.monetary());
      case 1 -> b.tier(fresh.tier());
      case 2 -> b.tags(fresh.tags());
      case 3 -> b.consents(fresh.consents());
      case 4 -> fresh.lastPurchase().ifPresentOrElse(b::lastPurchase, b::noPurchase);
      case 5 -> fresh.birthday().ifPresentOrElse(b::birthday, b::noBirthday);
      case 6 -> b.rfm(fresh.rfmR(), fresh.rfmF(), fresh.rfmM()).pAlive(fresh.pAlive());
      default -> {
        return fresh;
      }
    }
    return b.build();
  }
}
