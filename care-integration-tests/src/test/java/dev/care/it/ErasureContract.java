package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.Temperament;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.CareStorage;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Erasure through the engine on a real store: one instance erases, a second instance and a
 * restarted one see no personal data, forget the customer in their segments, and plan no care for
 * them; the balances stay. A subclass supplies the store.
 */
abstract class ErasureContract {
  abstract StorageFixture newFixture();

  private final ManualClock clock = ManualClock.at(Scenario.START);
  private static final CustomerId ZOE = CustomerId.of("zoe");
  private static final CustomerId YAN = CustomerId.of("yan");

  private CareEngine engine(CareStorage storage) {
    LoyaltyProgram program =
        new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
    return CareEngine.builder().program(program).clock(clock).storage(storage).build();
  }

  private Customer member(CustomerId id, String name, MonthDay birthday) {
    return Customer.register(
            id,
            Profile.named(name)
                .withPhone("+4915199988877")
                .withEmail(id.value() + ".private@example.org")
                .withPreferredChannel(Channel.EMAIL)
                .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL)),
            clock.instant())
        .withBirthday(ImportantDate.birthday(birthday))
        .withSpecialNeeds(Set.of(SpecialNeed.HEARING_IMPAIRED));
  }

  private static String everything(CareStorage s, CustomerId c) {
    StringBuilder b = new StringBuilder();
    b.append(s.customer(c)).append(s.record(c)).append(s.careActions(c)).append(s.careTasks(c));
    for (DeliveryStatus status : DeliveryStatus.values()) {
      s.messages(status).stream()
          .filter(m -> m.customer().equals(Optional.of(c)))
          .forEach(b::append);
    }
    return b.toString();
  }

  private static List<OutboxMessage> pendingTo(CareStorage s, CustomerId c) {
    return new ArrayList<>(
        s.messages(DeliveryStatus.PENDING).stream()
            .filter(m -> m.customer().equals(Optional.of(c)))
            .toList());
  }

  @Test
  @DisplayName(
      "one instance erases; another and a restarted one see no personal data, forget the customer"
          + " in their segments and plan no care for them; balances stay")
  void erasure_across_instances() {
    try (StorageFixture f = newFixture()) {
      CareEngine first = engine(f.storage());
      CareEngine second = engine(f.secondInstance());
      first.register(member(ZOE, "Zoe Zeppelin", MonthDay.of(3, 14)));
      first.register(member(YAN, "Yan Yarrow", MonthDay.of(3, 16)));
      for (CustomerId c : List.of(ZOE, YAN)) {
        first.recordPurchase(
            Purchase.of("O-" + c.value(), c, clock.instant(), Money.ofMinor("EUR", 4_000)));
      }
      first.recordInteraction(
          ServiceInteraction.open(
                  "I-zoe", ZOE, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
              .withTemperament(Temperament.values()[0]));
      first.defineSegment("buyers", "frequency >= 1");
      assertThat(second.segmentMembers("buyers")).containsExactlyInAnyOrder(ZOE, YAN);
      var points = second.points(ZOE);
      assertThat(everything(f.secondInstance(), ZOE))
          .contains("Zoe Zeppelin", "zoe.private@example.org", "+4915199988877", "--03-14");

      first.erase(ZOE);

      String after = everything(f.secondInstance(), ZOE);
      assertThat(after)
          .doesNotContain(
              "Zoe Zeppelin",
              "zoe.private@example.org",
              "+4915199988877",
              "--03-14",
              "HEARING_IMPAIRED",
              "written communication",
              "temperament=Optional[");
      assertThat(pendingTo(f.secondInstance(), ZOE)).isEmpty();
      assertThat(f.secondInstance().careState(ZOE).orElseThrow().value().nextDue()).isEmpty();
      assertThat(second.points(ZOE)).isEqualTo(points);
      assertThat(second.segmentMembers("buyers")).containsExactly(YAN);
      assertThat(engine(f.reopen()).segmentMembers("buyers")).containsExactly(YAN);

      // a year on, the nightly run on the second instance greets Yan and plans nothing for Zoe
      clock.advance(Duration.ofDays(400));
      second.advanceTo(clock.instant());
      assertThat(second.careActions(ZOE)).isEmpty();
      assertThat(second.careTasks(ZOE)).isEmpty();
      assertThat(pendingTo(f.secondInstance(), ZOE)).isEmpty();
      assertThat(second.careActions(YAN))
          .anySatisfy(a -> assertThat(a.idempotencyKey()).startsWith("birthday:"));
    }
  }
}
