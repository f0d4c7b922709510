package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.ConsentStatus;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.TierId;
import dev.care.core.event.CareEvent;
import dev.care.core.event.ConsentChanged;
import dev.care.core.event.CustomerRegistered;
import dev.care.core.event.LifecycleStageChanged;
import dev.care.core.event.PurchaseRecorded;
import dev.care.core.event.SatisfactionIndexChanged;
import dev.care.core.event.TierChanged;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Outcome;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.VoucherOffer;
import dev.care.rules.testing.Programs;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.EventPublisher;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the engine publishes care events through the outbox in the unit of work that causes
 * them (once per cause, none for a repeated command), a typed listener hears them decoded, and
 * every movement sends an e-bill with the balances after it.
 */
class CareEventsTest {
  private static final CustomerId ANN = CustomerId.of("ann");
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-05T10:00:00Z"));
  private final InMemoryStorage storage = new InMemoryStorage();
  private final CareEngine engine =
      CareEngine.builder().program(Programs.salon()).storage(storage).clock(clock).build();

  private Customer ann() {
    return Customer.register(
        ANN,
        Profile.named("Ann Lee")
            .withPhone("+4915112345678")
            .withEmail("ann@example.com")
            .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL)),
        clock.instant());
  }

  private Stream<OutboxMessage> outbox() {
    return Stream.of(DeliveryStatus.values()).flatMap(s -> storage.messages(s).stream());
  }

  private List<OutboxMessage> events(String type) {
    return outbox().filter(m -> m.type().equals(type)).toList();
  }

  private List<CareAction> eBills() {
    return engine.careActions(ANN).stream().filter(a -> a.kind() == CareActionKind.E_BILL).toList();
  }

  private CareAction eBill(String key) {
    return eBills().stream()
        .filter(a -> a.idempotencyKey().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no e-bill " + key + " in " + eBills()));
  }

  @Nested
  @DisplayName("published events")
  class Events {
    @Test
    void register_publishesCustomerRegisteredOnce() {
      engine.register(ann());
      engine.register(ann());

      assertThat(events(CareEvents.CUSTOMER_REGISTERED))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.id()).isEqualTo("event/customer-registered/ann");
                assertThat(m.customer()).as("a domain event, not a customer message").isEmpty();
                assertThat(m.channel()).isEmpty();
                assertThat(m.attributes())
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of("customer", "ann", "occurredAt", "2026-01-05T10:00:00Z"));
              });
    }

    @Test
    void recordPurchase_publishesPurchaseRecordedOnce_evenWhenRepeated() {
      engine.register(ann());
      Purchase p = Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 4_500));
      engine.recordPurchase(p);
      engine.recordPurchase(p);

      assertThat(events(CareEvents.PURCHASE_RECORDED))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.id()).isEqualTo("event/purchase-recorded/ann/O-1");
                assertThat(m.attributes())
                    .containsEntry("purchaseId", "O-1")
                    .containsEntry("currency", "EUR")
                    .containsEntry("amountMinor", "4500")
                    .containsEntry("occurredAt", "2026-01-05T10:00:00Z");
              });
    }

    @Test
    void purchaseThatQualifiesForSilver_publishesTierChanged() {
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 60_000)));

      assertThat(engine.tier(ANN)).contains(TierId.of("SILVER"));
      assertThat(events(CareEvents.TIER_CHANGED))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.attributes()).containsEntry("to", "SILVER");
                TierChanged e = (TierChanged) CareEvents.decode(m).orElseThrow();
                assertThat(e.to()).contains(TierId.of("SILVER"));
                assertThat(e.customerId()).isEqualTo(ANN);
              });
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 60_000)));
      assertThat(events(CareEvents.TIER_CHANGED)).hasSize(1);
    }

    @Test
    void nightlyReview_publishesEachStageChangeOnce() {
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 4_500)));
      clock.advance(Duration.ofDays(1));
      engine.advanceTo(clock.instant());
      engine.advanceTo(clock.instant());
      List<OutboxMessage> first = events(CareEvents.LIFECYCLE_STAGE_CHANGED);
      assertThat(first)
          .singleElement()
          .satisfies(m -> assertThat(m.attributes()).containsEntry("to", "NEW"));

      clock.advance(Duration.ofDays(400));
      engine.advanceTo(clock.instant());
      engine.advanceTo(clock.instant());
      List<LifecycleStageChanged> all =
          events(CareEvents.LIFECYCLE_STAGE_CHANGED).stream()
              .map(m -> (LifecycleStageChanged) CareEvents.decode(m).orElseThrow())
              .toList();
      assertThat(all).hasSizeGreaterThan(1);
      LifecycleStageChanged last = all.get(all.size() - 1);
      assertThat(last.to()).isEqualTo(engine.stage(ANN));
      assertThat(last.from()).isPresent();
      assertThat(all).extracting(LifecycleStageChanged::to).doesNotHaveDuplicates();
    }

    @Test
    void interactionThatMovesTheIndex_publishesSatisfactionIndexChanged_aRepeatNone() {
      engine.register(ann());
      ServiceInteraction open =
          ServiceInteraction.open(
                  "c-1", ANN, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant())
              .observe(new ObservedFactor("IGNORED", 3));
      engine.recordInteraction(open);
      engine.recordInteraction(open);

      assertThat(events(CareEvents.SATISFACTION_INDEX_CHANGED))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.id()).isEqualTo("event/satisfaction-index-changed/ann/c-1/0");
                SatisfactionIndexChanged e =
                    (SatisfactionIndexChanged) CareEvents.decode(m).orElseThrow();
                assertThat(e.from()).isEmpty();
                assertThat(e.to().value()).isLessThan(50);
              });

      clock.advance(Duration.ofHours(1));
      engine.recordInteraction(open.close(clock.instant(), InteractionOutcome.RESOLVED));
      List<SatisfactionIndexChanged> all =
          events(CareEvents.SATISFACTION_INDEX_CHANGED).stream()
              .map(m -> (SatisfactionIndexChanged) CareEvents.decode(m).orElseThrow())
              .toList();
      for (SatisfactionIndexChanged e : all) {
        assertThat(Optional.of(e.to())).isNotEqualTo(e.from());
      }
    }

    @Test
    void updateThatChangesConsent_publishesOneEventPerChannel_aRepeatNone() {
      Customer registered = engine.register(ann());
      Customer optedOut =
          registered.withProfile(
              registered
                  .profile()
                  .withConsent(
                      registered.profile().consent().with(Channel.SMS, ConsentStatus.OPTED_OUT)));
      engine.update(optedOut);
      engine.update(optedOut);
      engine.update(optedOut.withProfile(optedOut.profile().withEmail("ann@lee.example")));

      assertThat(events(CareEvents.CONSENT_CHANGED))
          .singleElement()
          .satisfies(
              m -> {
                ConsentChanged e = (ConsentChanged) CareEvents.decode(m).orElseThrow();
                assertThat(e.channel()).isEqualTo(Channel.SMS);
                assertThat(e.status()).isEqualTo(ConsentStatus.OPTED_OUT);
                assertThat(m.attributes())
                    .containsEntry("channel", "SMS")
                    .containsEntry("status", "OPTED_OUT");
              });
    }

    @Test
    void dispatcher_withTheCarePublisher_hearsTypedEventsOnce_andPassesOtherEventsOn() {
      List<CareEvent> heard = new ArrayList<>();
      List<String> others = new ArrayList<>();
      CareEventListener listener =
          new CareEventListener() {
            @Override
            public void onCustomerRegistered(CustomerRegistered event) {
              heard.add(event);
            }

            @Override
            public void onPurchaseRecorded(PurchaseRecorded event) {
              heard.add(event);
            }
          };
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(
              storage,
              List.<MessageChannel>of(),
              CareEvents.publisher(listener, m -> others.add(m.type())),
              engine.dispatchPolicy(),
              clock);
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 4_500)));
      dispatcher.runOnce();
      dispatcher.runOnce();

      assertThat(heard)
          .containsExactly(
              new CustomerRegistered(ANN, clock.instant()),
              new PurchaseRecorded(ANN, clock.instant(), "O-1", Money.ofMinor("EUR", 4_500)));
      assertThat(others).contains("ledger-transaction", "ledger-bill");
      assertThat(others).noneMatch(CareEvents.TYPES::contains);
    }

    @Test
    void readme_aTypedListenerOnTheDispatcher_hearsTheTierChange() {
      List<TierChanged> upgrades = new ArrayList<>();
      List<MessageChannel> channels = List.of();
      EventPublisher bus = message -> {}; // the application's bus for every other event
      // quoted in the README ("Events")
      CareEventListener listener =
          new CareEventListener() {
            @Override
            public void onTierChanged(TierChanged event) {
              upgrades.add(event); // e.g. tell the staff app
            }
          };
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(
              storage,
              channels,
              CareEvents.publisher(listener, bus),
              engine.dispatchPolicy(),
              clock);
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 60_000)));
      dispatcher.runOnce();

      assertThat(upgrades)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.customerId()).isEqualTo(ANN);
                assertThat(e.to()).contains(TierId.of("SILVER"));
              });
    }

    @Test
    void decode_aMessageThatIsNoCareEvent_isEmpty() {
      OutboxMessage other =
          OutboxMessage.pending(
              "tx/ann/1",
              "ledger-transaction",
              Optional.empty(),
              Optional.empty(),
              Map.of("customer", "ann"),
              clock.instant());
      assertThat(CareEvents.decode(other)).isEmpty();
    }
  }

  @Nested
  @DisplayName("an e-bill after every movement, with the balances after it")
  class EBills {
    @Test
    void purchase_eBillShowsThePointsAfterItsOwnPoints() {
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 4_500)));

      CareAction bill = eBill("e-bill:O-1");
      assertThat(bill.variables())
          .containsEntry("amount", "EUR 45.00")
          .containsEntry("pointsBalance", "45");
    }

    @Test
    void topUpSpendRedeemAndReturn_eachSendOneEBillWithTheBalanceAfter() {
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 9_000)));
      clock.advance(Duration.ofDays(20)); // past the return window: the 90 points are available
      engine.advanceTo(clock.instant());

      IdempotencyKey topUp = IdempotencyKey.of("t-1");
      engine.topUp(topUp, ANN, Money.ofMinor("EUR", 10_000));
      engine.topUp(topUp, ANN, Money.ofMinor("EUR", 10_000));
      assertThat(eBill("e-bill:top-up/t-1").variables())
          .containsEntry("amount", "EUR 100.00")
          .containsEntry("walletBalance", "EUR 120.00")
          .containsEntry("pointsBalance", "90");

      engine.spend(IdempotencyKey.of("s-1"), ANN, Money.ofMinor("EUR", 3_000), "haircut");
      assertThat(eBill("e-bill:spend/s-1").variables())
          .containsEntry("amount", "EUR 30.00")
          .containsEntry("purpose", "haircut")
          .containsEntry("walletBalance", "EUR 90.00");

      Outcome redeemed = engine.redeem(IdempotencyKey.of("r-1"), ANN, 40, "sample");
      assertThat(redeemed).isInstanceOf(Outcome.Posted.class);
      engine.redeem(IdempotencyKey.of("r-1"), ANN, 40, "sample");
      assertThat(eBill("e-bill:redeem/r-1").variables())
          .containsEntry("amount", "40 points")
          .containsEntry("purpose", "sample")
          .containsEntry("pointsBalance", "50");

      Return ret = Return.of("R-1", ANN, clock.instant(), "O-1", Money.ofMinor("EUR", 4_500));
      engine.recordReturn(ret);
      engine.recordReturn(ret);
      assertThat(eBill("e-bill:R-1").variables())
          .containsEntry("amount", "EUR 45.00")
          .containsEntry("purpose", "return of O-1")
          .containsEntry("pointsBalance", Long.toString(engine.points(ANN).posted()));
      assertThat(engine.points(ANN).posted()).isEqualTo(5);

      assertThat(eBills())
          .extracting(CareAction::idempotencyKey)
          .containsExactly(
              "e-bill:O-1",
              "e-bill:top-up/t-1",
              "e-bill:spend/s-1",
              "e-bill:redeem/r-1",
              "e-bill:R-1");
      assertThat(outbox().filter(m -> m.type().equals("e-bill")).map(OutboxMessage::id))
          .as("one e-bill message per movement")
          .doesNotHaveDuplicates()
          .hasSize(5);
    }

    @Test
    void transfer_sendsEachSideAnEBillWithTheirPointsAfter_once() {
      CustomerId bob = CustomerId.of("bob");
      engine.register(ann());
      engine.register(
          Customer.register(
              bob,
              Profile.named("Bob Lee")
                  .withEmail("bob@example.com")
                  .withConsent(Consent.optedIn(Channel.EMAIL)),
              clock.instant()));
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 9_000)));
      clock.advance(Duration.ofDays(20));
      engine.advanceTo(clock.instant());

      IdempotencyKey key = IdempotencyKey.of("x-1");
      assertThat(engine.transferPoints(key, ANN, bob, 30, "family pool"))
          .isInstanceOf(Outcome.Posted.class);
      engine.transferPoints(key, ANN, bob, 30, "family pool");

      assertThat(eBill("e-bill:transfer/x-1/ann").variables())
          .containsEntry("amount", "30 points")
          .containsEntry("purpose", "family pool")
          .containsEntry("pointsBalance", "60");
      assertThat(
              engine.careActions(bob).stream()
                  .filter(a -> a.kind() == CareActionKind.E_BILL)
                  .map(a -> a.idempotencyKey() + " " + a.variables().get("pointsBalance")))
          .containsExactly("e-bill:transfer/x-1/bob 30");
      assertThat(outbox().filter(m -> m.id().startsWith("care/e-bill:transfer/")))
          .extracting(OutboxMessage::id)
          .containsExactlyInAnyOrder(
              "care/e-bill:transfer/x-1/ann", "care/e-bill:transfer/x-1/bob");
    }

    @Test
    void voucherCredit_sendsAnEBillWithThePointsAfter() {
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 4_500)));
      engine.defineSegment("buyers", "frequency >= 1");
      engine.runCampaign(
          Campaign.eVoucher(
              "spring",
              "buyers",
              "e-voucher",
              Channel.SMS,
              new VoucherOffer(new VoucherValue.Points(150), Duration.ofDays(14))),
          "2026-01");
      String code = engine.vouchers(ANN).get(0).code();

      engine.redeemVoucher(ANN, code, "order-77");

      assertThat(eBill("e-bill:voucher/" + code).variables())
          .containsEntry("amount", "150 points")
          .containsEntry("pointsBalance", "195");
    }

    @Test
    void expiries_sendAnEBillEachWithTheBalanceLeft() {
      engine.register(ann());
      engine.recordPurchase(Purchase.of("O-1", ANN, clock.instant(), Money.ofMinor("EUR", 9_000)));
      engine.topUp(IdempotencyKey.of("t-1"), ANN, Money.ofMinor("EUR", 10_000));
      clock.advance(Duration.ofDays(400)); // the bonus (180 days) and the points (365) expire
      engine.advanceTo(clock.instant());
      engine.advanceTo(clock.instant());

      List<CareAction> expiries =
          eBills().stream().filter(a -> a.idempotencyKey().startsWith("e-bill:expiry/")).toList();
      assertThat(expiries)
          .extracting(a -> a.variables().get("purpose"))
          .containsExactlyInAnyOrder("bonus value expired", "points expired");
      assertThat(expiries)
          .filteredOn(a -> a.variables().get("purpose").equals("bonus value expired"))
          .singleElement()
          .satisfies(
              a ->
                  assertThat(a.variables())
                      .containsEntry("amount", "EUR 20.00")
                      .containsEntry("walletBalance", "EUR 100.00"));
      assertThat(expiries)
          .filteredOn(a -> a.variables().get("purpose").equals("points expired"))
          .singleElement()
          .satisfies(
              a ->
                  assertThat(a.variables())
                      .containsEntry("amount", "90 points")
                      .containsEntry("pointsBalance", "0"));
    }
  }
}
