package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareActionKind;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.testing.Programs;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.dispatch.OutboxRetention;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A care action planned again (a welcome after the only purchase was returned and the customer buys
 * again) is not sent again, even after the outbox purged the first message: the stored care
 * actions, not the outbox, make a care message go out once.
 */
class CareMessageOnceTest {
  private static final CustomerId ANN = CustomerId.of("ann");
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T10:00:00Z"));
  private final InMemoryStorage storage = new InMemoryStorage();
  private final CareEngine engine =
      CareEngine.builder().program(Programs.salon()).storage(storage).clock(clock).build();
  private final List<String> sent = new ArrayList<>();

  private OutboxDispatcher dispatcher() {
    List<MessageChannel> channels = new ArrayList<>();
    for (Channel c : Channel.values()) {
      channels.add(
          new MessageChannel() {
            @Override
            public Channel channel() {
              return c;
            }

            @Override
            public void send(OutboxMessage message) {
              sent.add(message.id());
            }
          });
    }
    return new OutboxDispatcher(
        storage,
        channels,
        e -> {},
        engine.dispatchPolicy(),
        clock,
        OutboxRetention.of(Duration.ofDays(30)));
  }

  @Test
  void welcomePlannedAgainAfterThePurge_isNotSentAgain() {
    engine.register(
        Customer.register(
            ANN,
            Profile.named("Ann")
                .withPhone("+4915112345678")
                .withEmail("ann@example.com")
                .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL)),
            clock.instant()));
    engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
    OutboxDispatcher dispatcher = dispatcher();
    dispatcher.runOnce();
    String welcome = "care/welcome:" + ANN.value();
    assertThat(sent).as("the welcome goes out").contains(welcome);
    engine.recordReturn(Return.of("R-1", ANN, clock.instant(), "O-1", Money.ofMinor("EUR", 5_000)));
    clock.advance(Duration.ofDays(60));
    dispatcher.runOnce();
    assertThat(storage.message(welcome)).as("purged after its retention").isEmpty();

    engine.recordPurchase(Purchase.of("O-2", ANN, clock.instant(), Money.ofMinor("EUR", 5_000)));
    dispatcher.runOnce();

    assertThat(sent.stream().filter(welcome::equals)).as("welcomes sent").hasSize(1);
    assertThat(storage.message(welcome)).as("not enqueued again").isEmpty();
    assertThat(engine.careActions(ANN).stream().filter(a -> a.kind() == CareActionKind.WELCOME))
        .hasSize(1);
    assertThat(storage.messages(DeliveryStatus.PENDING)).isEmpty();
  }
}
