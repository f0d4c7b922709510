package dev.care.storage.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.QuietHours;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.UnitOfWork;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboxDispatcherTest {
  static final CustomerId ANN = CustomerId.of("ann");
  final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  final InMemoryStorage storage = new InMemoryStorage();
  final List<String> sent = new ArrayList<>();
  final List<String> published = new ArrayList<>();
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
          sent.add(message.id());
        }
      };

  OutboxDispatcher dispatcher(DispatchPolicy policy) {
    return new OutboxDispatcher(storage, List.of(email), e -> published.add(e.id()), policy, clock);
  }

  void customer(Profile profile) {
    try (UnitOfWork u = storage.begin()) {
      u.putCustomer(Customer.register(ANN, profile, clock.instant()), 0);
      u.commit();
    }
  }

  Profile reachable() {
    return Profile.named("Ann")
        .withEmail("ann@example.com")
        .withPreferredChannel(Channel.EMAIL)
        .withConsent(Consent.optedIn(Channel.EMAIL));
  }

  void enqueue(String id, String type) {
    try (UnitOfWork u = storage.begin()) {
      u.enqueue(
          OutboxMessage.pending(
              id, type, Optional.of(ANN), Optional.of(Channel.EMAIL), Map.of(), clock.instant()));
      u.commit();
    }
  }

  @Test
  void ledger_bills_and_events_are_delivered_once_per_id_even_after_a_crash_before_sending() {
    customer(reachable());
    DurableLedger ledger =
        new DurableLedger(storage, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
    ledger.execute(Earn.of(IdempotencyKey.of("o1"), ANN, 10, PostingContext.of("purchase", "pos")));
    // the process "crashed" after commit: nothing was sent yet, the messages wait in the outbox
    assertThat(storage.messages(DeliveryStatus.PENDING)).hasSize(2);
    DispatchReport first = dispatcher(DispatchPolicy.defaults()).runOnce();
    DispatchReport second = dispatcher(DispatchPolicy.defaults()).runOnce();
    assertThat(first).isEqualTo(new DispatchReport(2, 0, 0, 0, 0));
    assertThat(second).isEqualTo(new DispatchReport(0, 0, 0, 0, 0));
    // ids carry the customer whose journal numbered them: posting ann/P1, transaction ann/1
    assertThat(sent).containsExactly("bill/ann/P1/ann");
    assertThat(published).containsExactly("tx/ann/1");
  }

  @Test
  void no_consent_suppresses_visibly() {
    customer(reachable().withConsent(Consent.none()));
    enqueue("m1", "care-action");
    assertThat(dispatcher(DispatchPolicy.defaults()).runOnce().suppressed()).isEqualTo(1);
    assertThat(storage.message("m1").get().status()).isEqualTo(DeliveryStatus.SUPPRESSED);
    assertThat(storage.message("m1").get().lastError().get()).contains("no consent");
    assertThat(sent).isEmpty();
  }

  @Test
  void quiet_hours_defer_in_the_customers_zone() {
    // 10:00 UTC is 22:00 in Auckland (UTC+12 in June): inside 21:00-08:00
    customer(
        reachable()
            .withZone(ZoneId.of("Pacific/Auckland"))
            .withQuietHours(Optional.of(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)))));
    enqueue("m1", "care-action");
    assertThat(dispatcher(DispatchPolicy.defaults()).runOnce().deferred()).isEqualTo(1);
    assertThat(storage.message("m1").get().nextAttemptAt())
        .isEqualTo(Instant.parse("2026-06-01T20:00:00Z"));
    clock.set(Instant.parse("2026-06-01T20:00:00Z"));
    assertThat(dispatcher(DispatchPolicy.defaults()).runOnce().delivered()).isEqualTo(1);
  }

  @Test
  void frequency_caps_defer_until_the_window_frees_up() {
    customer(reachable());
    DispatchPolicy capped =
        DispatchPolicy.defaults()
            .withCaps(List.of(new DispatchPolicy.ChannelCap(Channel.EMAIL, 2, Duration.ofDays(7))));
    enqueue("m1", "care-action");
    enqueue("m2", "care-action");
    enqueue("m3", "care-action");
    enqueue("bill", "e-bill");
    DispatchReport r = dispatcher(capped).runOnce();
    assertThat(r.delivered()).isEqualTo(3);
    assertThat(r.deferred()).isEqualTo(1);
    assertThat(storage.message("m3").get().nextAttemptAt())
        .isEqualTo(clock.instant().plus(Duration.ofDays(7)));
  }

  @Test
  void failures_retry_with_backoff_then_stay_visible_as_failed() {
    customer(reachable());
    enqueue("m1", "care-action");
    failuresToInject = 10;
    DispatchPolicy policy =
        new DispatchPolicy(
            3, Duration.ofSeconds(30), Duration.ofMinutes(5), List.of(), java.util.Set.of());
    assertThat(dispatcher(policy).runOnce().retried()).isEqualTo(1);
    assertThat(storage.message("m1").get().nextAttemptAt())
        .isEqualTo(clock.instant().plusSeconds(30));
    assertThat(dispatcher(policy).runOnce().retried()).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(dispatcher(policy).runOnce().retried()).isEqualTo(1);
    assertThat(storage.message("m1").get().nextAttemptAt())
        .isEqualTo(clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(60));
    assertThat(dispatcher(policy).runOnce().failed()).isEqualTo(1);
    OutboxMessage failed = storage.messages(DeliveryStatus.FAILED).get(0);
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(failed.lastError().get()).contains("smtp down");
    assertThat(policy.backoff(10)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void retention_purges_finished_messages_after_the_run_and_caps_keep_counting() {
    customer(reachable());
    DispatchPolicy capped =
        DispatchPolicy.defaults()
            .withCaps(List.of(new DispatchPolicy.ChannelCap(Channel.EMAIL, 2, Duration.ofDays(7))));
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            storage,
            List.of(email),
            e -> published.add(e.id()),
            capped,
            clock,
            OutboxRetention.of(Duration.ofDays(7)).withBatchSize(2));
    enqueue("m1", "care-action");
    enqueue("m2", "care-action");
    assertThat(dispatcher.runOnce()).isEqualTo(new DispatchReport(2, 0, 0, 0, 0, 0));
    clock.advance(Duration.ofDays(6));
    enqueue("m3", "care-action");
    DispatchReport capHit = dispatcher.runOnce();
    assertThat(capHit.deferred()).as("two deliveries within the cap period").isEqualTo(1);
    assertThat(capHit.purged()).isZero();
    clock.advance(Duration.ofDays(1));
    DispatchReport later = dispatcher.runOnce();
    assertThat(later.delivered()).isEqualTo(1);
    assertThat(later.purged()).as("m1 and m2 are exactly 7 days old: kept").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(dispatcher.runOnce().purged()).as("in batches of 2").isEqualTo(2);
    assertThat(storage.message("m1")).isEmpty();
    assertThat(storage.message("m3")).isPresent();
    assertThat(sent).containsExactly("m1", "m2", "m3");
  }

  @Test
  void retention_shorter_than_a_cap_period_is_refused_naming_both() {
    DispatchPolicy capped =
        DispatchPolicy.defaults()
            .withCaps(List.of(new DispatchPolicy.ChannelCap(Channel.EMAIL, 2, Duration.ofDays(7))));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new OutboxDispatcher(
                    storage,
                    List.of(email),
                    e -> {},
                    capped,
                    clock,
                    OutboxRetention.of(Duration.ofDays(6))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT144H")
        .hasMessageContaining("PT168H");
  }

  @Test
  void a_run_handles_each_message_once_even_when_the_store_forgets_updates() {
    customer(reachable());
    enqueue("m1", "care-action");
    dev.care.storage.ForwardingCareStorage forgetful =
        new dev.care.storage.ForwardingCareStorage(storage) {
          @Override
          public List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
            return dueMessages(now, limit);
          }

          @Override
          public void update(OutboxMessage message) {}
        };
    DispatchReport r =
        new OutboxDispatcher(forgetful, List.of(email), e -> {}, DispatchPolicy.defaults(), clock)
            .runOnce();
    assertThat(r.delivered()).isEqualTo(1);
    assertThat(sent).containsExactly("m1");
  }

  @Test
  void a_delivered_id_enqueued_again_is_not_sent_again() {
    customer(reachable());
    enqueue("m1", "care-action");
    dispatcher(DispatchPolicy.defaults()).runOnce();
    enqueue("m1", "care-action");
    assertThat(dispatcher(DispatchPolicy.defaults()).runOnce().delivered()).isZero();
    assertThat(storage.message("m1").get().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(sent).containsExactly("m1");
  }

  @Test
  void a_failing_purge_keeps_the_runs_deliveries_and_is_retried_next_run() {
    customer(reachable());
    enqueue("m1", "care-action");
    int[] failures = {1};
    dev.care.storage.ForwardingCareStorage flaky =
        new dev.care.storage.ForwardingCareStorage(storage) {
          @Override
          public int purgeFinished(Instant olderThan, int limit) {
            if (failures[0]-- > 0) {
              throw new dev.care.storage.StorageException("database away");
            }
            return super.purgeFinished(olderThan, limit);
          }
        };
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(
            flaky,
            List.of(email),
            e -> {},
            DispatchPolicy.defaults(),
            clock,
            OutboxRetention.of(Duration.ofDays(1)));
    assertThat(dispatcher.runOnce()).isEqualTo(new DispatchReport(1, 0, 0, 0, 0, 0));
    clock.advance(Duration.ofDays(2));
    assertThat(dispatcher.runOnce().purged()).isEqualTo(1);
    assertThat(storage.message("m1")).isEmpty();
  }

  @Test
  void a_batch_costs_a_few_store_calls_not_a_few_per_message() {
    // 1,200 capped messages to 60 customers: three claimed batches of at most 500
    List<CustomerId> customers = new ArrayList<>();
    try (UnitOfWork u = storage.begin()) {
      for (int c = 0; c < 60; c++) {
        CustomerId id = CustomerId.of("c" + c);
        customers.add(id);
        u.putCustomer(Customer.register(id, reachable(), clock.instant()), 0);
      }
      u.commit();
    }
    try (UnitOfWork u = storage.begin()) {
      for (int i = 0; i < 1_200; i++) {
        u.enqueue(
            OutboxMessage.pending(
                String.format("m%04d", i),
                "care-action",
                Optional.of(customers.get(i % 60)),
                Optional.of(Channel.EMAIL),
                Map.of(),
                clock.instant()));
      }
      u.commit();
    }
    Map<String, Integer> calls = new java.util.TreeMap<>();
    dev.care.storage.CareStorage counting =
        new dev.care.storage.ForwardingCareStorage(storage) {
          @Override
          public Optional<dev.care.storage.Versioned<Customer>> customer(CustomerId id) {
            calls.merge("customer", 1, Integer::sum);
            return super.customer(id);
          }

          @Override
          public Map<CustomerId, dev.care.storage.Versioned<Customer>> customers(
              java.util.Set<CustomerId> ids) {
            calls.merge("customers", 1, Integer::sum);
            return super.customers(ids);
          }

          @Override
          public List<OutboxMessage> deliveredTo(CustomerId customer, Instant since) {
            calls.merge("deliveredTo", 1, Integer::sum);
            return super.deliveredTo(customer, since);
          }

          @Override
          public Map<CustomerId, List<OutboxMessage>> deliveredTo(
              java.util.Set<CustomerId> ids, Instant since) {
            calls.merge("deliveredTo(set)", 1, Integer::sum);
            return super.deliveredTo(ids, since);
          }

          @Override
          public void update(OutboxMessage message) {
            calls.merge("update", 1, Integer::sum);
            super.update(message);
          }

          @Override
          public void updateAll(List<OutboxMessage> messages) {
            calls.merge("updateAll", 1, Integer::sum);
            super.updateAll(messages);
          }
        };
    DispatchPolicy capped =
        DispatchPolicy.defaults()
            .withCaps(List.of(new DispatchPolicy.ChannelCap(Channel.EMAIL, 3, Duration.ofDays(7))));
    DispatchReport r =
        new OutboxDispatcher(counting, List.of(email), e -> published.add(e.id()), capped, clock)
            .runOnce();
    // three to each customer, counted across the batches: the first batch's deliveries are read
    // back from the store by the next one, the batch's own counted as they are made
    assertThat(r.delivered()).isEqualTo(180);
    assertThat(r.deferred()).isEqualTo(1_020);
    assertThat(calls)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("customers", 3, "deliveredTo(set)", 3, "updateAll", 3));
    assertThat(sent).hasSize(180).startsWith("m0000", "m0001");
  }

  @Test
  void a_store_answering_with_unmodifiable_lists_is_fine() {
    customer(reachable());
    DispatchPolicy capped =
        DispatchPolicy.defaults()
            .withCaps(List.of(new DispatchPolicy.ChannelCap(Channel.EMAIL, 2, Duration.ofDays(7))));
    enqueue("m1", "care-action");
    assertThat(dispatcher(capped).runOnce().delivered()).isEqualTo(1);
    enqueue("m2", "care-action");
    enqueue("m3", "care-action");
    dev.care.storage.CareStorage unmodifiable =
        new dev.care.storage.ForwardingCareStorage(storage) {
          @Override
          public Map<CustomerId, List<OutboxMessage>> deliveredTo(
              java.util.Set<CustomerId> ids, Instant since) {
            Map<CustomerId, List<OutboxMessage>> copy = new java.util.HashMap<>();
            super.deliveredTo(ids, since).forEach((c, l) -> copy.put(c, List.copyOf(l)));
            return Map.copyOf(copy);
          }
        };
    DispatchReport r =
        new OutboxDispatcher(unmodifiable, List.of(email), e -> {}, capped, clock).runOnce();
    // m1 from the store and m2 from this batch fill the cap
    assertThat(r.delivered()).isEqualTo(1);
    assertThat(r.deferred()).isEqualTo(1);
    assertThat(sent).containsExactly("m1", "m2");
  }
}
