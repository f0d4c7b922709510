package dev.care.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.spring.boot.autoconfigure.CareAutoConfiguration;
import dev.care.spring.boot.autoconfigure.CareScheduler;
import dev.care.storage.CareStorage;
import dev.care.storage.ForwardingCareStorage;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code care} health indicator on Boot 4's health API (left out of the -Pboot3 build). */
class CareHealthIndicatorTest {
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T10:00:00Z"));
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CareAutoConfiguration.class))
          .withBean(Clock.class, () -> clock)
          .withPropertyValues(
              "care.program=classpath:dev/care/rules/program/salon-program.json",
              "care.nightly.enabled=false",
              "care.dispatcher.enabled=false",
              "care.health.outbox-lag-threshold=10m");

  @Test
  void health_nothingWaiting_isUpWithDetails() {
    runner.run(
        context -> {
          Health health =
              context.getBean("careHealthIndicator", CareHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("outboxLag", "PT0S")
              .containsEntry("outboxLagThreshold", "PT10M")
              .containsEntry("nightly.consecutiveFailures", 0)
              .containsKey("storage");
        });
  }

  @Test
  void health_dueMessageWaitingLongerThanTheThreshold_isDown() {
    runner.run(
        context -> {
          buy(context.getBean(CareEngine.class));
          CareHealthIndicator indicator = context.getBean(CareHealthIndicator.class);
          clock.advance(Duration.ofMinutes(5));
          assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

          clock.advance(Duration.ofMinutes(6));
          Health late = indicator.health();
          assertThat(late.getStatus()).isEqualTo(Status.DOWN);
          assertThat(late.getDetails()).containsEntry("outboxLag", "PT11M");

          context.getBean(CareScheduler.class).runDispatcher();
          assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        });
  }

  @Test
  void health_storageFailing_isDownSayingWhy() {
    runner
        .withBean(
            CareStorage.class,
            () ->
                new ForwardingCareStorage(new InMemoryStorage()) {
                  @Override
                  public List<OutboxMessage> dueMessages(Instant now, int limit) {
                    throw new IllegalStateException("connection refused");
                  }
                })
        .run(
            context -> {
              Health health = context.getBean(CareHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails().get("storage").toString())
                  .contains("unreachable", "connection refused");
            });
  }

  @Test
  void health_lastNightlyRunFailed_isDownWithTheFailure() {
    runner
        .withBean(
            CareStorage.class,
            () ->
                new ForwardingCareStorage(new InMemoryStorage()) {
                  @Override
                  public List<CustomerId> claimDueCustomers(
                      Instant at, Instant now, java.time.Duration lease, int limit) {
                    throw new IllegalStateException("disk full");
                  }
                })
        .run(
            context -> {
              context.getBean(CareScheduler.class).runNightly();
              Health health = context.getBean(CareHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails())
                  .containsEntry("nightly.consecutiveFailures", 1)
                  .containsEntry("nightly.lastRunFailure", "IllegalStateException: disk full");
            });
  }

  @Test
  void health_switchedOff_noIndicator() {
    runner
        .withPropertyValues("management.health.care.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CareHealthIndicator.class));
  }

  private void buy(CareEngine engine) {
    CustomerId ann = CustomerId.of("C-1");
    engine.register(
        Customer.register(
            ann,
            Profile.named("Ann Lee")
                .withEmail("ann@example.com")
                .withConsent(Consent.optedIn(Channel.EMAIL)),
            clock.instant()));
    engine.recordPurchase(Purchase.of("O-1", ann, clock.instant(), Money.ofMinor("EUR", 4_500)));
  }
}
