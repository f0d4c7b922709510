package dev.care.examples.quickstart;

import dev.care.core.care.CareAction;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.money.Money;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The README's quick start, line for line: build an engine on the in-memory store with the salon
 * program (the sample {@code /dev/care/rules/program/salon-program.json} shipped in care-rules),
 * register a customer, record a purchase, and read points, tier and care actions.
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * What the quick start read back.
   *
   * @param points the customer's points
   * @param tier the customer's tier
   * @param care the care actions the purchase planned
   */
  public record Result(PointsBalance points, Optional<TierId> tier, List<CareAction> care) {
    /** Validates and copies. */
    public Result {
      Objects.requireNonNull(points, "points");
      Objects.requireNonNull(tier, "tier");
      care = List.copyOf(care);
    }
  }

  /**
   * Runs the quick start at a fixed instant, so it gives the same answer every time.
   *
   * @return the points, tier and care actions read back
   */
  public static Result run() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    LoyaltyProgram program =
        new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
    CareEngine engine =
        CareEngine.builder().program(program).storage(new InMemoryStorage()).clock(clock).build();

    CustomerId ann = CustomerId.of("C-1");
    Consent email = Consent.optedIn(Channel.EMAIL);
    Profile profile = Profile.named("Ann Lee").withEmail("ann@example.com").withConsent(email);
    engine.register(Customer.register(ann, profile, clock.instant()));
    engine.recordPurchase(Purchase.of("O-1", ann, clock.instant(), Money.ofMinor("EUR", 4_500)));

    PointsBalance points = engine.points(ann); // 45 posted, pending for the 14-day return window
    Optional<TierId> tier = engine.tier(ann); // MEMBER
    List<CareAction> care = engine.careActions(ann); // the e-bill and the welcome, by e-mail
    return new Result(points, tier, care);
  }

  /**
   * Prints what the quick start read back.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Result result = run();
    System.out.println(result.points());
    System.out.println(result.tier());
    result.care().forEach(System.out::println);
  }
}
