package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.time.ManualClock;
import dev.care.examples.sim.SalonSimulation;
import dev.care.examples.sim.SimEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWorkersTest {
  private static final List<SimEvent> EVENTS =
      new SalonSimulation(7, 2000, 3, LocalDate.of(2026, 1, 1)).events();
  private static final MemberGroups GROUPS = MemberGroups.of(EVENTS);
  private static final Instant SHARED = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock shared = ManualClock.at(SHARED);
  private final EventClock clock = new EventClock(shared);

  /** Applies the events in the worker's way, recording each (and the instant it read). */
  private List<SimEvent> applied(EventWorkers workers, List<SimEvent> batch) {
    List<SimEvent> seen = Collections.synchronizedList(new ArrayList<>());
    workers.apply(
        batch,
        clock,
        e -> {
          assertThat(clock.instant()).as("the clock while %s is applied", e).isEqualTo(e.at());
          seen.add(e);
        });
    assertThat(clock.instant()).isEqualTo(SHARED);
    return seen;
  }

  private static Map<Integer, List<SimEvent>> byGroup(List<SimEvent> events) {
    Map<Integer, List<SimEvent>> groups = new LinkedHashMap<>();
    events.forEach(e -> groups.computeIfAbsent(GROUPS.groupOf(e), g -> new ArrayList<>()).add(e));
    return groups;
  }

  @Test
  void fourThreads_applyEveryEventOnce_eachGroupsInOrder_atItsInstant() {
    try (EventWorkers workers = new EventWorkers(4, GROUPS, EventWorkers.GroupOrder.FIRST_EVENT)) {
      for (List<SimEvent> batch : List.of(EVENTS.subList(0, 3000), EVENTS.subList(3000, 3001))) {
        List<SimEvent> seen = applied(workers, batch);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(batch);
        assertThat(byGroup(seen)).isEqualTo(byGroup(batch));
      }
    }
  }

  @Test
  void oneThread_appliesTheBatchInItsOrder() {
    try (EventWorkers workers = new EventWorkers(1, GROUPS, EventWorkers.GroupOrder.FIRST_EVENT)) {
      List<SimEvent> batch = EVENTS.subList(100, 900);
      assertThat(applied(workers, batch)).containsExactlyElementsOf(batch);
    }
  }

  @Test
  void reversed_appliesTheLastGroupFirst_eachGroupsInOrder() {
    try (EventWorkers workers = new EventWorkers(4, GROUPS, EventWorkers.GroupOrder.REVERSED)) {
      List<SimEvent> batch = EVENTS.subList(100, 900);
      List<List<SimEvent>> groups = new ArrayList<>(byGroup(batch).values());
      Collections.reverse(groups);
      assertThat(applied(workers, batch))
          .containsExactlyElementsOf(groups.stream().flatMap(List::stream).toList());
    }
  }

  @Test
  void aFailingEvent_stopsTheBatchWithItsOwnException_andLeavesNothingRunning() {
    SimEvent bad = EVENTS.get(1234);
    IllegalStateException boom = new IllegalStateException("event " + bad + " failed");
    List<SimEvent> after = Collections.synchronizedList(new ArrayList<>());
    try (EventWorkers workers = new EventWorkers(4, GROUPS, EventWorkers.GroupOrder.FIRST_EVENT)) {
      assertThatThrownBy(
              () ->
                  workers.apply(
                      EVENTS.subList(0, 3000),
                      clock,
                      e -> {
                        if (e == bad) {
                          throw boom;
                        }
                      }))
          .isSameAs(boom);
      // every thread had stopped when the failure came out: the next batch is applied whole
      List<SimEvent> next = EVENTS.subList(3000, 3500);
      workers.apply(next, clock, after::add);
      assertThat(after).containsExactlyInAnyOrderElementsOf(next);
    }
    assertThat(clock.instant()).isEqualTo(SHARED);
  }

  @Test
  void map_givesEachItemsResultInTheItemsOrder_readAtTheSharedClock() {
    try (EventWorkers workers = new EventWorkers(4, GROUPS, EventWorkers.GroupOrder.FIRST_EVENT)) {
      List<SimEvent> items = EVENTS.subList(0, 1000);
      List<String> results =
          workers.map(
              items,
              e -> {
                assertThat(clock.instant()).isEqualTo(SHARED);
                return MemberGroups.memberOf(e).value() + "@" + e.at();
              });
      assertThat(results)
          .containsExactlyElementsOf(
              items.stream().map(e -> MemberGroups.memberOf(e).value() + "@" + e.at()).toList());
      IllegalArgumentException boom = new IllegalArgumentException("no figures for item 700");
      assertThatThrownBy(
              () ->
                  workers.map(
                      items,
                      e -> {
                        if (e == items.get(700)) {
                          throw boom;
                        }
                        return e;
                      }))
          .isSameAs(boom);
    }
  }
}
