package dev.care.examples.program;

import dev.care.core.consumption.LineItem;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.SalesChannel;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.TierId;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.earning.AppliedRule;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.PurchaseOutcome;
import dev.care.rules.program.InvalidProgramException;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.rules.program.ProgramProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A coffee shop's program ({@code coffee-shop-program.json}: 10 points per euro, beans count
 * double, gift cards earn nothing, at most 1,000 points per order, BARISTA tier from 1,000
 * qualifying points) loaded and run on the engine; then a broken definition ({@code
 * coffee-shop-program-invalid.json}) and every problem the loader finds in it.
 */
public final class CustomProgram {
  private CustomProgram() {}

  /**
   * One visit to the coffee shop.
   *
   * @param points points earned
   * @param why the earning rules that applied, in plain words
   * @param tierAfter the tier after the visit
   */
  public record Visit(long points, List<String> why, Optional<TierId> tierAfter) {
    /** Validates and copies. */
    public Visit {
      why = List.copyOf(why);
      Objects.requireNonNull(tierAfter, "tierAfter");
    }
  }

  /**
   * What the example found.
   *
   * @param program the coffee shop's program as loaded
   * @param visits Cleo's two visits
   * @param balance Cleo's available points after both
   * @param problems every problem in the broken definition, in the order found
   */
  public record Result(
      LoyaltyProgram program, List<Visit> visits, long balance, List<ProgramProblem> problems) {
    /** Validates and copies. */
    public Result {
      Objects.requireNonNull(program, "program");
      visits = List.copyOf(visits);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Loads the coffee shop's program, runs two visits on it, then loads the broken definition.
   *
   * @return the program, the visits and the problems
   */
  public static Result run() {
    LoyaltyProgram program = new ProgramLoader().load(resource("/coffee-shop-program.json"));
    ManualClock clock = ManualClock.at(Instant.parse("2026-05-04T07:30:00Z"));
    CareEngine engine = CareEngine.builder().program(program).clock(clock).build();
    CustomerId cleo = CustomerId.of("cleo");
    Profile profile =
        Profile.named("Cleo Park")
            .withEmail("cleo@example.com")
            .withConsent(Consent.optedIn(Channel.EMAIL));
    engine.register(Customer.register(cleo, profile, clock.instant()));

    // two flat whites, a bag of beans and a gift card for a friend
    Visit first =
        visit(
            engine,
            purchase(
                "K-1",
                cleo,
                clock.instant(),
                LineItem.of("FLAT-WHITE", "coffee", 2, eur(760)),
                LineItem.of("BEANS-1KG", "beans", 1, eur(2_400)),
                LineItem.of("GIFT-20", "gift-card", 1, eur(2_000))));
    clock.advance(Duration.ofDays(3));
    // a big order of beans for the office: more than the per-order cap
    Visit second =
        visit(
            engine,
            purchase(
                "K-2",
                cleo,
                clock.instant(),
                LineItem.of("BEANS-1KG", "beans", 3, eur(7_200)),
                LineItem.of("ESPRESSO", "coffee", 1, eur(280))));

    return new Result(
        program,
        List.of(first, second),
        engine.points(cleo).available(),
        problemsOf(resource("/coffee-shop-program-invalid.json")));
  }

  /**
   * Loads a definition and returns its problems.
   *
   * @param json the definition
   * @return every problem, or none if the definition is valid
   */
  public static List<ProgramProblem> problemsOf(String json) {
    try {
      new ProgramLoader().load(json);
      return List.of();
    } catch (InvalidProgramException e) {
      return e.problems();
    }
  }

  private static Visit visit(CareEngine engine, Purchase purchase) {
    PurchaseOutcome outcome = engine.recordPurchase(purchase);
    List<String> why =
        outcome.decision().map(d -> d.applied()).orElse(List.of()).stream()
            .map(AppliedRule::explanation)
            .toList();
    return new Visit(outcome.pointsEarned(), why, engine.tier(purchase.customerId()));
  }

  private static Purchase purchase(String id, CustomerId customer, Instant at, LineItem... items) {
    Money total = eur(0);
    for (LineItem item : items) {
      total = total.plus(item.amount());
    }
    return new Purchase(
        id, customer, at, total, List.of(items), SalesChannel.STORE, Optional.of("graben"));
  }

  private static Money eur(long cents) {
    return Money.ofMinor("EUR", cents);
  }

  private static String resource(String name) {
    try (InputStream in = CustomProgram.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Prints the visits and the broken definition's problems.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Result result = run();
    for (Visit v : result.visits()) {
      System.out.println(v.points() + " points, tier " + v.tierAfter().orElseThrow());
      v.why().forEach(w -> System.out.println("  " + w));
    }
    System.out.println("balance: " + result.balance());
    System.out.println(new InvalidProgramException(result.problems()).getMessage());
  }
}
