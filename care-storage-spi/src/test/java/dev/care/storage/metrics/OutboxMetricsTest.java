package dev.care.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.time.ManualClock;
import dev.care.storage.UnitOfWork;
import dev.care.storage.dispatch.DispatchPolicy;
import dev.care.storage.dispatch.DispatchReport;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.OutboxMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxMetricsTest {
  static final CustomerId ANN = CustomerId.of("ann");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  final InMemoryStorage storage = new InMemoryStorage();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OutboxMetrics metrics = new OutboxMetrics(storage, clock);
  int failuresToInject;

  final MessageChannel email =
      new MessageChannel() {
        @Override
        public Channel channel() {
          return Channel.EMAIL;
        }

        @Override
        public void send(OutboxMessage message) {
          if (failuresToInject > 0) {
            failuresToInject--;
            throw new IllegalStateException("smtp down");
          }
        }
      };

  void setUp() {
    try (UnitOfWork u = storage.begin()) {
      Profile ann =
          Profile.named("Ann")
              .withEmail("ann@example.com")
              .withPreferredChannel(Channel.EMAIL)
              .withConsent(Consent.optedIn(Channel.EMAIL));
      u.putCustomer(Customer.register(ANN, ann, clock.instant()), 0);
      u.commit();
    }
    metrics.bindTo(registry);
  }

  void enqueue(String id) {
    try (UnitOfWork u = storage.begin()) {
      u.enqueue(
          OutboxMessage.pending(
              id,
              "care-action",
              Optional.of(ANN),
              Optional.of(Channel.EMAIL),
              Map.of(),
              clock.instant()));
      u.commit();
    }
  }

  @Test
  void gauges_pendingMessages_showDepthAndAgeOfTheOldest() {
    setUp();
    assertThat(registry.get("care.outbox.pending").gauge().value()).isZero();
    assertThat(registry.get("care.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS))
        .isZero();

    enqueue("m1");
    clock.advance(Duration.ofSeconds(30));
    enqueue("m2");
    clock.advance(Duration.ofSeconds(60));

    assertThat(registry.get("care.outbox.pending").gauge().value()).isEqualTo(2);
    assertThat(registry.get("care.outbox.oldest.pending.age").timeGauge().value(TimeUnit.SECONDS))
        .isEqualTo(90);
  }

  @Test
  void instrumentedChannels_andRecordedReports_countDeliveriesAndFailuresByChannel() {
    setUp();
    enqueue("m1");
    enqueue("m2");
    failuresToInject = 1;
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            storage, metrics.instrument(List.of(email)), e -> {}, DispatchPolicy.defaults(), clock);

    DispatchReport report = metrics.record(dispatcher.runOnce());

    assertThat(report.delivered()).isEqualTo(1);
    assertThat(registry.get("care.outbox.deliveries").tag("channel", "EMAIL").counter().count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("care.outbox.delivery.failures")
                .tag("channel", "EMAIL")
                .tag("exception", "IllegalStateException")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("care.outbox.dispatched").tag("outcome", "delivered").counter().count())
        .isEqualTo(report.delivered());
    assertThat(registry.get("care.outbox.dispatched").tag("outcome", "retried").counter().count())
        .isEqualTo(report.retried());
    assertThat(report.retried() + report.failed()).isEqualTo(1);
  }

  @Test
  void instrument_beforeBinding_sendsWithoutCounting() {
    MessageChannel wrapped = metrics.instrument(email);

    wrapped.send(
        OutboxMessage.pending(
            "m1",
            "care-action",
            Optional.of(ANN),
            Optional.of(Channel.EMAIL),
            Map.of(),
            clock.instant()));

    assertThat(wrapped.channel()).isEqualTo(Channel.EMAIL);
    assertThat(registry.find("care.outbox.deliveries").counter()).isNull();
  }
}
