package dev.care.examples.winback;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Eight months of a salon, run as a nightly job would run it ({@code advanceTo} once a day). Ann
 * and Bob both visit twice in January. Ann never comes back: after 60 days without a purchase she
 * is DECLINING and gets the win-back SMS with its offer; 14 days later, still without a purchase,
 * the staff get a follow-up call task. Bob stays away for more than 180 days (LAPSED) and then
 * books again in August: he is WON_BACK.
 */
public final class WinBackFlow {
  /** Ann: visits twice in January, then never again. */
  public static final CustomerId ANN = CustomerId.of("ann");

  /** Bob: visits twice in January, lapses, and comes back in August. */
  public static final CustomerId BOB = CustomerId.of("bob");

  /** When the story starts: Monday 5 January 2026, 09:00 UTC. */
  public static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  /** When Bob comes back (a nightly run happens right after his purchase). */
  public static final Instant BOB_RETURNS = Instant.parse("2026-08-03T09:00:00Z");

  /** When the story ends. */
  public static final Instant END = Instant.parse("2026-08-10T09:00:00Z");

  private WinBackFlow() {}

  /**
   * A life-cycle transition as the nightly run saw it.
   *
   * @param day the day of the run that saw it (UTC)
   * @param customer whose stage changed
   * @param from the stage before
   * @param to the stage after
   */
  public record StageChange(
      LocalDate day, CustomerId customer, LifecycleStage from, LifecycleStage to) {
    /** Validates. */
    public StageChange {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(customer, "customer");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
      return day + " " + customer + ": " + from + " -> " + to;
    }
  }

  /**
   * What eight months brought.
   *
   * @param changes every life-cycle transition, in the order they happened
   * @param actions every care action planned, per customer
   * @param tasks every staff task planned, per customer
   */
  public record Result(
      List<StageChange> changes,
      Map<CustomerId, List<CareAction>> actions,
      Map<CustomerId, List<CareTask>> tasks) {
    /** Validates and copies. */
    public Result {
      changes = List.copyOf(changes);
      actions = Map.copyOf(actions);
      tasks = Map.copyOf(tasks);
    }

    /**
     * The stages one customer went through, starting with the first one seen.
     *
     * @param customer the customer
     * @return the stages, in order
     */
    public List<LifecycleStage> stagesOf(CustomerId customer) {
      List<LifecycleStage> stages = new ArrayList<>();
      for (StageChange c : changes) {
        if (c.customer().equals(customer)) {
          if (stages.isEmpty()) {
            stages.add(c.from());
          }
          stages.add(c.to());
        }
      }
      return stages;
    }
  }

  /**
   * Runs the eight months on the salon program and the in-memory store.
   *
   * @return the transitions, care actions and tasks
   */
  public static Result run() {
    ManualClock clock = ManualClock.at(START);
    LoyaltyProgram program =
        new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
    CareEngine engine =
        CareEngine.builder().program(program).storage(new InMemoryStorage()).clock(clock).build();
    engine.register(Customer.register(ANN, reachable("Ann Lee"), clock.instant()));
    engine.register(Customer.register(BOB, reachable("Bob Tane"), clock.instant()));

    List<StageChange> changes = new ArrayList<>();
    Map<CustomerId, LifecycleStage> seen = new LinkedHashMap<>();
    seen.put(ANN, engine.stage(ANN));
    seen.put(BOB, engine.stage(BOB));
    engine.recordPurchase(purchase("A-1", ANN, clock.instant(), 4_500));
    engine.recordPurchase(purchase("B-1", BOB, clock.instant(), 3_800));
    clock.advance(Duration.ofDays(14)); // both come back two weeks later
    engine.recordPurchase(purchase("A-2", ANN, clock.instant(), 6_200));
    engine.recordPurchase(purchase("B-2", BOB, clock.instant(), 2_900));

    while (clock.instant().isBefore(END)) {
      clock.advance(Duration.ofDays(1));
      if (clock.instant().equals(BOB_RETURNS)) {
        engine.recordPurchase(purchase("B-3", BOB, clock.instant(), 5_400));
      }
      engine.advanceTo(clock.instant());
      for (Map.Entry<CustomerId, LifecycleStage> e : seen.entrySet()) {
        LifecycleStage now = engine.stage(e.getKey());
        if (now != e.getValue()) {
          LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
          changes.add(new StageChange(day, e.getKey(), e.getValue(), now));
          e.setValue(now);
        }
      }
    }
    return new Result(
        changes,
        Map.of(ANN, engine.careActions(ANN), BOB, engine.careActions(BOB)),
        Map.of(ANN, engine.careTasks(ANN), BOB, engine.careTasks(BOB)));
  }

  private static Profile reachable(String name) {
    return Profile.named(name)
        .withPhone(name.startsWith("Ann") ? "+4915112345678" : "+4915187654321")
        .withEmail(name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com")
        .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL));
  }

  private static Purchase purchase(String id, CustomerId customer, Instant at, long cents) {
    return Purchase.of(id, customer, at, Money.ofMinor("EUR", cents));
  }

  /**
   * Prints the transitions, then each customer's care actions and tasks.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Result result = run();
    result.changes().forEach(System.out::println);
    for (CustomerId c : List.of(ANN, BOB)) {
      System.out.println(c + " care:");
      for (CareAction a : result.actions().get(c)) {
        System.out.println("  " + a.due() + " " + a.kind() + " by " + a.channel());
      }
      for (CareTask t : result.tasks().get(c)) {
        System.out.println("  " + t.due() + " task " + t.kind() + ": " + t.summary());
      }
    }
  }
}
