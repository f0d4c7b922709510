package dev.care.examples.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.money.Money;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The README's erasure snippet: the right to be forgotten through the engine. */
class ErasureExampleTest {
  @Test
  void erase_forgetsThePerson_keepsTheLedger() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    LoyaltyProgram program =
        new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
    InMemoryStorage storage = new InMemoryStorage();
    CareEngine engine = CareEngine.builder().program(program).storage(storage).clock(clock).build();
    CustomerId ann = CustomerId.of("C-1");
    Consent email = Consent.optedIn(Channel.EMAIL);
    Profile profile = Profile.named("Ann Lee").withEmail("ann@example.com").withConsent(email);
    engine.register(Customer.register(ann, profile, clock.instant()));
    engine.recordPurchase(Purchase.of("O-1", ann, clock.instant(), Money.ofMinor("EUR", 4_500)));
    PointsBalance before = engine.points(ann);

    engine.erase(ann); // name, contacts, dates, notes, care actions, unsent texts: gone
    Customer file = storage.customer(ann).orElseThrow().value();
    assertThat(file.isErased()).isTrue(); // the id stays, so the ledger still sums
    assertThat(file.profile().name()).isEqualTo("(erased)");
    assertThat(engine.careActions(ann)).isEmpty(); // and no care is planned for them again
    assertThat(engine.points(ann)).isEqualTo(before);
  }
}
