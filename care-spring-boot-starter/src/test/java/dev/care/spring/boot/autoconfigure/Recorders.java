package dev.care.spring.boot.autoconfigure;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;

/** Beans the tests give an application: a channel and an event listener that remember. */
final class Recorders {
  private Recorders() {}

  /** The salon sample programme shipped in care-rules. */
  static final String PROGRAM = "care.program=classpath:dev/care/rules/program/salon-program.json";

  /** An e-mail channel that keeps what it sent. */
  static final class EmailChannel implements MessageChannel {
    final List<OutboxMessage> sent = new CopyOnWriteArrayList<>();

    @Override
    public Channel channel() {
      return Channel.EMAIL;
    }

    @Override
    public void send(OutboxMessage message) {
      sent.add(message);
    }
  }

  /** Receives care events as Spring application events. */
  static final class Events {
    final List<OutboxMessage> received = new CopyOnWriteArrayList<>();

    @EventListener
    void on(OutboxMessage event) {
      received.add(event);
    }
  }

  /** Registers Ann (e-mail opted in) and records a purchase of 45.00 EUR by her. */
  static CustomerId annBuys(CareEngine engine, Clock clock) {
    CustomerId ann = CustomerId.of("C-1");
    Profile profile =
        Profile.named("Ann Lee")
            .withEmail("ann@example.com")
            .withConsent(Consent.optedIn(Channel.EMAIL));
    engine.register(Customer.register(ann, profile, clock.instant()));
    engine.recordPurchase(Purchase.of("O-1", ann, clock.instant(), Money.ofMinor("EUR", 4_500)));
    return ann;
  }
}
