package dev.care.examples.tasks;

import dev.care.core.care.CareTask;
import dev.care.core.care.TaskCursor;
import dev.care.core.care.TaskPage;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.event.TaskPlanned;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CareEventListener;
import dev.care.rules.engine.CareEvents;
import dev.care.rules.engine.ServiceReport;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.ServiceCount;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.MessageChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A salon's staff task queue over four months. Three members buy once in January; one is elderly,
 * one complains. The nightly run plans a return visit for each after 90 days; the resolved
 * complaint brings a thank-you the salon programme rates UNFORGETTABLE. A staff application hears
 * each new task from the outbox, works the queue most urgent first, and leaves one visit undone: a
 * day past due the nightly run escalates it. At the end the service report counts what the period's
 * care aimed at.
 */
public final class StaffTaskQueue {
  /** When the story starts. */
  public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  private StaffTaskQueue() {}

  /**
   * What the four months brought.
   *
   * @param notified the new tasks the staff application heard of, in order
   * @param worked the tasks staff completed, in the order they took them
   * @param escalated the tasks left open and escalated by the nightly run, as they are now
   * @param stillOpen the queue at the end, most urgent first
   * @param report the service report of the four months
   * @param tasksByLevel the report's tasks per service level
   * @param actionsByTrigger the report's care actions per trigger
   */
  public record Result(
      List<TaskPlanned> notified,
      List<CareTask> worked,
      List<CareTask> escalated,
      List<CareTask> stillOpen,
      ServiceReport report,
      Map<ServiceLevel, Long> tasksByLevel,
      Map<String, Long> actionsByTrigger) {
    /** Copies. */
    public Result {
      notified = List.copyOf(notified);
      worked = List.copyOf(worked);
      escalated = List.copyOf(escalated);
      stillOpen = List.copyOf(stillOpen);
      tasksByLevel = Map.copyOf(tasksByLevel);
      actionsByTrigger = Map.copyOf(actionsByTrigger);
    }
  }

  /**
   * Runs the four months on the salon programme and the in-memory store.
   *
   * @return what happened
   */
  public static Result run() {
    ManualClock clock = ManualClock.at(START);
    LoyaltyProgram program =
        new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
    InMemoryStorage storage = new InMemoryStorage();
    CareEngine engine = CareEngine.builder().program(program).storage(storage).clock(clock).build();
    List<TaskPlanned> notified = new ArrayList<>();
    MessageChannel email =
        new MessageChannel() {
          @Override
          public Channel channel() {
            return Channel.EMAIL;
          }

          @Override
          public void send(dev.care.storage.outbox.OutboxMessage message) {
            // the salon's mail gateway
          }
        };
    // quoted in the README ("Staff task queue")
    CareEventListener staffApp =
        new CareEventListener() {
          @Override
          public void onTaskPlanned(TaskPlanned event) {
            notified.add(event); // e.g. push it to the staff app
          }
        };
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            storage,
            List.of(email),
            CareEvents.publisher(staffApp),
            engine.dispatchPolicy(),
            clock);

    List<CustomerId> members = List.of(id("ann"), id("bea"), id("cid"));
    for (CustomerId c : members) {
      Customer file = Customer.register(c, reachable(c), clock.instant());
      if (c.value().equals("bea")) {
        file = file.withSpecialNeeds(Set.of(SpecialNeed.ELDERLY));
      }
      engine.register(file);
      engine.recordPurchase(
          Purchase.of("O-" + c.value(), c, clock.instant(), Money.ofMinor("EUR", 4_800)));
      clock.advance(Duration.ofHours(1));
    }
    engine.recordInteraction(
        ServiceInteraction.open(
                "I-1", id("cid"), InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
            .close(clock.instant().plus(Duration.ofHours(3)), InteractionOutcome.RESOLVED));

    List<CareTask> worked = new ArrayList<>();
    Instant end = START.plus(Duration.ofDays(120));
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofDays(1));
      engine.advanceTo(clock.instant());
      dispatcher.runOnce();
      worked.addAll(workQueue(engine, "kim", id("ann")));
    }
    List<CareTask> escalated = new ArrayList<>();
    for (CustomerId c : members) {
      engine.careTasks(c).stream().filter(t -> t.escalatedAt().isPresent()).forEach(escalated::add);
    }
    // quoted in the README ("Staff task queue")
    ServiceReport report = engine.serviceReport(START, end); // one grouped query, no customer read
    Map<ServiceLevel, Long> tasksByLevel = report.byLevel(ServiceCount.Work.TASK);
    Map<String, Long> actionsByTrigger = report.byTrigger(ServiceCount.Work.ACTION);
    return new Result(
        notified,
        worked,
        escalated,
        engine.openTasks(Optional.empty(), CareEngine.MAX_TASK_PAGE).tasks(),
        report,
        tasksByLevel,
        actionsByTrigger);
  }

  /**
   * One pass of a staff member over the queue, most urgent first: takes each open task and
   * completes it, except those of a customer they cannot reach (left for the nightly run to
   * escalate).
   */
  static List<CareTask> workQueue(CareEngine engine, String staff, CustomerId unreachable) {
    List<CareTask> done = new ArrayList<>();
    // quoted in the README ("Staff task queue")
    Optional<TaskCursor> after = Optional.empty();
    do {
      TaskPage page = engine.openTasks(after, 50);
      for (CareTask task : page.tasks()) {
        if (task.customerId().equals(unreachable)) {
          continue; // not reachable today: stays open, escalates when overdue
        }
        engine.assignTask(task.taskKey(), staff);
        done.add(engine.completeTask(task.taskKey(), "called, visit booked"));
      }
      after = page.next();
    } while (after.isPresent());
    return done;
  }

  private static CustomerId id(String value) {
    return CustomerId.of(value);
  }

  private static Profile reachable(CustomerId c) {
    return Profile.named(c.value())
        .withEmail(c.value() + "@example.com")
        .withPreferredChannel(Channel.EMAIL)
        .withConsent(Consent.optedIn(Channel.EMAIL));
  }

  /**
   * Prints the tasks heard of, worked and escalated, and the service report.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Result r = run();
    r.notified().forEach(e -> System.out.println("new task  " + e.taskKey() + " " + e.priority()));
    r.worked().forEach(t -> System.out.println("done      " + t.idempotencyKey()));
    r.escalated().forEach(t -> System.out.println("escalated " + t.idempotencyKey()));
    r.stillOpen().forEach(t -> System.out.println("open      " + t.idempotencyKey()));
    for (ServiceCount.Work work : ServiceCount.Work.values()) {
      System.out.println(work + " by level:   " + r.report().byLevel(work));
      System.out.println(work + " by trigger: " + r.report().byTrigger(work));
    }
  }
}
