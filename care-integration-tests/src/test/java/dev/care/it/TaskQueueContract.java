package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskCursor;
import dev.care.core.care.TaskKey;
import dev.care.core.care.TaskKind;
import dev.care.core.care.TaskPage;
import dev.care.core.care.TaskStatus;
import dev.care.core.care.TaskTransitionException;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.event.CareEvent;
import dev.care.core.event.TaskChanged;
import dev.care.core.event.TaskPlanned;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CareEvents;
import dev.care.rules.engine.CommandKind;
import dev.care.rules.engine.CommandOutcome;
import dev.care.rules.engine.CommandReport;
import dev.care.rules.engine.EngineObserver;
import dev.care.rules.engine.ServiceReport;
import dev.care.storage.CareStorage;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.ServiceCount;
import dev.care.storage.outbox.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The staff task queue through the engine on a real store: tasks planned by the nightly run live
 * (open → assigned → done or cancelled), are listed across customers by priority then due time in
 * cursor pages, reach the outbox as events, escalate when overdue (also after a restart), and two
 * instances assigning one task at once leave one assignee. Plus the service report. A subclass
 * supplies the store.
 */
abstract class TaskQueueContract {
  abstract StorageFixture newFixture();

  private final ManualClock clock = ManualClock.at(Scenario.START);
  private final List<CommandReport> reports = new CopyOnWriteArrayList<>();

  // c5 is disabled (priority +2), c3 elderly (+1); c2 and c4 buy at the same instant (a tie)
  private static final CustomerId C1 = CustomerId.of("c1");
  private static final CustomerId C2 = CustomerId.of("c2");
  private static final CustomerId C3 = CustomerId.of("c3");
  private static final CustomerId C4 = CustomerId.of("c4");
  private static final CustomerId C5 = CustomerId.of("c5");
  private static final Map<CustomerId, Integer> HOUR = Map.of(C1, 1, C2, 2, C3, 3, C4, 2, C5, 4);

  private CareEngine engine(CareStorage storage) {
    EngineObserver observer =
        new EngineObserver() {
          @Override
          public void commandDone(CommandReport report) {
            reports.add(report);
          }
        };
    return CareEngine.builder()
        .program(Salon.program())
        .clock(clock)
        .storage(storage)
        .observer(observer)
        .build();
  }

  /** Five members buy once; 91 days on, the nightly run plans a return visit for each. */
  private CareEngine planned(CareStorage storage) {
    CareEngine engine = engine(storage);
    for (CustomerId c : List.of(C1, C2, C3, C4, C5)) {
      Customer file = Workload.customer(c, clock);
      if (c.equals(C3)) {
        file = file.withSpecialNeeds(Set.of(SpecialNeed.ELDERLY));
      } else if (c.equals(C5)) {
        file = file.withSpecialNeeds(Set.of(SpecialNeed.DISABLED));
      }
      engine.register(file);
    }
    for (CustomerId c : List.of(C1, C2, C3, C4, C5)) {
      Instant at = Scenario.START.plus(Duration.ofHours(HOUR.get(c)));
      clock.set(at);
      engine.recordPurchase(Purchase.of("O-" + c.value(), c, at, Money.ofMinor("EUR", 5_000)));
    }
    clock.set(Scenario.START.plus(Duration.ofDays(91)));
    engine.advanceTo(clock.instant());
    return engine;
  }

  private static TaskKey visitOf(CareEngine engine, CustomerId c) {
    return engine.careTasks(c).stream()
        .filter(t -> t.kind() == TaskKind.RETURN_VISIT)
        .findFirst()
        .orElseThrow()
        .taskKey();
  }

  private static List<CareTask> allPages(CareEngine engine, int size) {
    List<CareTask> all = new ArrayList<>();
    Optional<TaskCursor> after = Optional.empty();
    do {
      TaskPage page = engine.openTasks(after, size);
      assertThat(page.tasks().size()).isLessThanOrEqualTo(size);
      all.addAll(page.tasks());
      after = page.next();
    } while (after.isPresent());
    return all;
  }

  private static List<CareEvent> events(CareStorage storage, String type) {
    List<CareEvent> out = new ArrayList<>();
    storage.messages(DeliveryStatus.PENDING).stream()
        .filter(m -> m.type().equals(type))
        .forEach(m -> out.add(CareEvents.decode(m).orElseThrow()));
    return out;
  }

  @Test
  @DisplayName(
      "planned tasks are listed across customers by priority, then due time, then customer, in"
          + " cursor pages, and each reaches the outbox as an event")
  void queue_orders_and_pages() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = planned(f.storage());
      List<CareTask> tasks = allPages(engine, 2);

      assertThat(tasks).extracting(CareTask::customerId).containsExactly(C5, C3, C1, C2, C4);
      assertThat(tasks)
          .extracting(CareTask::priority)
          .containsExactly(
              Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.NORMAL, Priority.NORMAL);
      assertThat(tasks).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.OPEN));
      assertThat(tasks.get(1).accommodations()).contains("seating");
      // the same list whatever the page size, and a page starting mid-list continues it
      assertThat(allPages(engine, 1)).isEqualTo(tasks);
      assertThat(allPages(engine, 5)).isEqualTo(tasks);
      TaskPage rest = engine.openTasks(Optional.of(TaskCursor.of(tasks.get(2))), 10);
      assertThat(rest.tasks()).isEqualTo(tasks.subList(3, 5));
      assertThat(rest.next()).isEmpty();

      assertThat(events(f.storage(), CareEvents.TASK_PLANNED))
          .map(e -> (TaskPlanned) e)
          .extracting(TaskPlanned::customerId, TaskPlanned::taskKey, TaskPlanned::priority)
          .containsExactlyInAnyOrderElementsOf(
              tasks.stream()
                  .map(
                      t ->
                          org.assertj.core.groups.Tuple.tuple(
                              t.customerId(), t.idempotencyKey(), t.priority()))
                  .toList());
      // a second run plans nothing new and publishes nothing new
      engine.advanceTo(clock.instant());
      assertThat(events(f.storage(), CareEvents.TASK_PLANNED)).hasSize(5);
    }
  }

  @Test
  @DisplayName(
      "tasks move open → assigned → done or cancelled; a wrong move is refused naming the task"
          + " and both statuses; finished tasks leave the queue; every move is an event")
  void tasks_live() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = planned(f.storage());
      TaskKey t1 = visitOf(engine, C1);
      TaskKey t2 = visitOf(engine, C2);
      TaskKey t4 = visitOf(engine, C4);

      CareTask assigned = engine.assignTask(t1, "ana");
      assertThat(assigned.status()).isEqualTo(TaskStatus.ASSIGNED);
      assertThat(assigned.assignee()).contains("ana");
      assertThat(engine.assignTask(t1, "ana")).isEqualTo(assigned); // a repeat changes nothing
      CareTask done = engine.completeTask(t1, "visit booked for Tuesday");
      assertThat(done.status()).isEqualTo(TaskStatus.DONE);
      assertThat(done.resolution()).contains("visit booked for Tuesday");
      engine.cancelTask(t2, "moved away");

      assertThatThrownBy(() -> engine.completeTask(t2, "done anyway"))
          .isInstanceOf(TaskTransitionException.class)
          .hasMessageContaining(t2.key())
          .hasMessageContaining("CANCELLED")
          .hasMessageContaining("DONE");
      assertThatThrownBy(() -> engine.completeTask(t4, "skipped a step"))
          .isInstanceOf(TaskTransitionException.class)
          .hasMessageContaining("OPEN")
          .hasMessageContaining("assign it first");
      assertThatThrownBy(() -> engine.assignTask(t1, "ben"))
          .isInstanceOf(TaskTransitionException.class)
          .satisfies(
              e -> {
                TaskTransitionException x = (TaskTransitionException) e;
                assertThat(x.current()).isEqualTo(TaskStatus.DONE);
                assertThat(x.requested()).isEqualTo(TaskStatus.ASSIGNED);
              });

      assertThat(allPages(engine, 2)).extracting(CareTask::customerId).containsExactly(C5, C3, C4);
      assertThat(engine.tasks(EnumSet.of(TaskStatus.DONE), Optional.empty(), 10).tasks())
          .extracting(CareTask::taskKey)
          .containsExactly(t1);
      assertThat(engine.careTasks(C2).get(0).status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(events(f.storage(), CareEvents.TASK_CHANGED))
          .map(e -> (TaskChanged) e)
          .extracting(TaskChanged::taskKey, TaskChanged::to)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(t1.key(), TaskStatus.ASSIGNED),
              org.assertj.core.groups.Tuple.tuple(t1.key(), TaskStatus.DONE),
              org.assertj.core.groups.Tuple.tuple(t2.key(), TaskStatus.CANCELLED));
      // each command is a unit of work its observers hear of, a refused move as rejected
      assertThat(reports)
          .filteredOn(r -> r.kind() == CommandKind.COMPLETE_TASK)
          .extracting(CommandReport::outcome)
          .containsExactly(
              CommandOutcome.COMMITTED, CommandOutcome.REJECTED, CommandOutcome.REJECTED);

      // erasure removes the customer's tasks from the queue
      engine.erase(C4);
      assertThat(allPages(engine, 2)).extracting(CareTask::customerId).containsExactly(C5, C3);
    }
  }

  @Test
  @DisplayName(
      "two instances assign the same task at once: one wins, the other is refused or conflicts,"
          + " and the stored task names the winner")
  void two_instances_assign_one_task() throws Exception {
    try (StorageFixture f = newFixture()) {
      CareEngine a = planned(f.storage());
      CareEngine b = engine(f.secondInstance());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (CustomerId c : List.of(C1, C2, C3, C4, C5)) {
          TaskKey task = visitOf(a, c);
          CyclicBarrier start = new CyclicBarrier(2);
          Map<String, Future<CareTask>> runs = new HashMap<>();
          for (Map.Entry<String, CareEngine> e : Map.of("ana", a, "ben", b).entrySet()) {
            Callable<CareTask> assign =
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return e.getValue().assignTask(task, e.getKey());
                };
            runs.put(e.getKey(), pool.submit(assign));
          }
          List<String> winners = new ArrayList<>();
          for (Map.Entry<String, Future<CareTask>> r : runs.entrySet()) {
            try {
              assertThat(r.getValue().get(30, TimeUnit.SECONDS).assignee()).contains(r.getKey());
              winners.add(r.getKey());
            } catch (java.util.concurrent.ExecutionException e) {
              assertThat(e.getCause())
                  .isInstanceOfAny(
                      TaskTransitionException.class, ConcurrencyConflictException.class);
            }
          }
          assertThat(winners).hasSize(1);
          CareTask stored =
              b.careTasks(c).stream()
                  .filter(t -> t.taskKey().equals(task))
                  .findFirst()
                  .orElseThrow();
          assertThat(stored.assignee()).contains(winners.get(0));
          assertThat(stored.status()).isEqualTo(TaskStatus.ASSIGNED);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @DisplayName(
      "a restart between planning and escalation: the restarted engine's nightly run escalates"
          + " the overdue open task once (priority raised, an overdue-task escalation planned),"
          + " leaves finished ones alone, and another instance's run adds nothing")
  void overdue_tasks_escalate_after_a_restart() {
    try (StorageFixture f = newFixture()) {
      CareEngine first = planned(f.storage());
      TaskKey t1 = visitOf(first, C1);
      TaskKey t3 = visitOf(first, C3);
      first.assignTask(t3, "ana");
      first.completeTask(t3, "visited");
      Priority before = first.careTasks(C1).get(0).priority();

      // the application restarts; three days later the nightly run finds c1's visit overdue
      clock.advance(Duration.ofDays(3));
      CareEngine restarted = engine(f.reopen());
      restarted.advanceTo(clock.instant());

      CareTask escalated =
          restarted.careTasks(C1).stream()
              .filter(t -> t.taskKey().equals(t1))
              .findFirst()
              .orElseThrow();
      assertThat(escalated.escalatedAt()).contains(clock.instant());
      assertThat(escalated.priority()).isEqualTo(before.raisedBy(1));
      assertThat(restarted.careTasks(C1))
          .filteredOn(t -> t.kind() == TaskKind.ESCALATION)
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.idempotencyKey()).isEqualTo("overdue-task:" + t1.key());
                assertThat(t.status()).isEqualTo(TaskStatus.OPEN);
              });
      assertThat(restarted.careTasks(C3))
          .singleElement()
          .satisfies(t -> assertThat(t.escalatedAt()).isEmpty());
      assertThat(events(f.storage(), CareEvents.TASK_CHANGED))
          .map(e -> (TaskChanged) e)
          .filteredOn(TaskChanged::escalated)
          .extracting(TaskChanged::customerId)
          .containsExactlyInAnyOrder(C1, C2, C4, C5);

      // the queue shows the escalations first among equals
      List<CareTask> queue = allPages(restarted, 3);
      assertThat(queue).extracting(CareTask::status).doesNotContain(TaskStatus.DONE);
      assertThat(queue).isSortedAccordingTo(TaskCursor.TASK_ORDER);

      // another instance runs the same night again: nothing new
      int tasksBefore = queue.size();
      int eventsBefore = events(f.storage(), CareEvents.TASK_CHANGED).size();
      engine(f.secondInstance()).advanceTo(clock.instant());
      assertThat(allPages(restarted, 3)).hasSize(tasksBefore);
      assertThat(events(f.storage(), CareEvents.TASK_CHANGED)).hasSize(eventsBefore);
    }
  }

  @Test
  @DisplayName(
      "the service report counts a period's actions and tasks per trigger and level, as a hand"
          + " count over every customer does; the salon's thank-you is UNFORGETTABLE")
  void service_report() {
    try (StorageFixture f = newFixture()) {
      CareEngine engine = planned(f.storage());
      Instant at = clock.instant();
      engine.recordInteraction(
          ServiceInteraction.open(
                  "I-1",
                  C2,
                  InteractionKind.COMPLAINT,
                  dev.care.core.customer.Channel.PHONE,
                  at.minus(Duration.ofHours(2)))
              .close(at, InteractionOutcome.RESOLVED));
      Instant from = Scenario.START;
      Instant to = at.plus(Duration.ofDays(1));

      ServiceReport report = engine.serviceReport(from, to);

      Map<List<Object>, Long> byHand = new HashMap<>();
      for (CustomerId c : List.of(C1, C2, C3, C4, C5)) {
        for (CareAction a : engine.careActions(c)) {
          if (!a.due().isBefore(from) && a.due().isBefore(to)) {
            byHand.merge(
                List.of(
                    ServiceCount.Work.ACTION,
                    ServiceCount.triggerOf(a.idempotencyKey()),
                    a.targetLevel()),
                1L,
                Long::sum);
          }
        }
        for (CareTask t : engine.careTasks(c)) {
          if (!t.due().isBefore(from) && t.due().isBefore(to)) {
            byHand.merge(
                List.of(
                    ServiceCount.Work.TASK,
                    ServiceCount.triggerOf(t.idempotencyKey()),
                    t.targetLevel()),
                1L,
                Long::sum);
          }
        }
      }
      Map<List<Object>, Long> reported = new HashMap<>();
      report
          .counts()
          .forEach(n -> reported.put(List.of(n.work(), n.trigger(), n.level()), n.count()));
      assertThat(reported).isEqualTo(byHand);
      assertThat(report.count(ServiceCount.Work.ACTION, "thank-you", ServiceLevel.UNFORGETTABLE))
          .isEqualTo(1);
      assertThat(report.byLevel(ServiceCount.Work.TASK).get(ServiceLevel.VALUE_ADDED)).isEqualTo(5);
      assertThat(report.byTrigger(ServiceCount.Work.ACTION)).containsKeys("e-bill", "welcome");
      // a period before anything happened is empty
      assertThat(engine.serviceReport(from.minus(Duration.ofDays(9)), from).counts()).isEmpty();
    }
  }
}
