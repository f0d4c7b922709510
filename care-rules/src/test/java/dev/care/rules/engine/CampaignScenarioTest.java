package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.Posting;
import dev.care.core.ledger.PostingKind;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherNotRedeemableException;
import dev.care.core.voucher.VoucherStatus;
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.CampaignKind;
import dev.care.rules.campaign.CampaignReport;
import dev.care.rules.campaign.CampaignVoucherReport;
import dev.care.rules.campaign.VoucherCodes;
import dev.care.rules.campaign.VoucherOffer;
import dev.care.rules.campaign.VoucherRedemption;
import dev.care.rules.segment.InvalidSegmentException;
import dev.care.rules.segment.SegmentId;
import dev.care.rules.segment.SegmentParseException;
import dev.care.rules.testing.Programs;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Campaigns end to end on the example salon program: six customers, a segment defined in text, a
 * points e-voucher campaign within consent, open complaints and frequency caps, redemption exactly
 * once, and segment membership kept current by commands and by the passing of time.
 */
class CampaignScenarioTest {
  static final CustomerId ANN = CustomerId.of("ann"); // regular, SMS and e-mail
  static final CustomerId BOB = CustomerId.of("bob"); // regular, complaint open
  static final CustomerId CID = CustomerId.of("cid"); // regular, no consent at all
  static final CustomerId DEE = CustomerId.of("dee"); // one visit: not a regular
  static final CustomerId EVE = CustomerId.of("eve"); // regular, VIP, gets many SMS (capped)
  static final CustomerId FAY = CustomerId.of("fay"); // regular, e-mail only

  static final String VOUCHER_TEMPLATE = "e-voucher";
  static final Campaign SPRING =
      Campaign.eVoucher(
          "spring",
          "regulars",
          VOUCHER_TEMPLATE,
          Channel.SMS,
          new VoucherOffer(new VoucherValue.Points(150), Duration.ofDays(14)));

  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T10:00:00Z"));
  final InMemoryStorage storage = new InMemoryStorage();
  final List<CustomerSegmentEvent> events = new CopyOnWriteArrayList<>();
  final List<String> sent = new CopyOnWriteArrayList<>();
  CareEngine engine;
  OutboxDispatcher dispatcher;
  ExecutorService pool;

  CareEngine newEngine() {
    return CareEngine.builder()
        .program(Programs.salon())
        .clock(clock)
        .storage(storage)
        .voucherCodes(VoucherCodes.seeded(42))
        .segmentListener(events::add)
        .build();
  }

  static Profile reachable(String name, Channel... consented) {
    return Profile.named(name)
        .withPhone("+4915112345678")
        .withEmail(name.toLowerCase(java.util.Locale.ROOT) + "@example.com")
        .withPreferredChannel(Channel.EMAIL)
        .withConsent(Consent.optedIn(consented))
        .withZone(java.time.ZoneId.of("Europe/Berlin"));
  }

  @BeforeEach
  void salonWithSixCustomers() {
    engine = newEngine();
    engine.register(Customer.register(ANN, reachable("Ann", Channel.SMS, Channel.EMAIL), at()));
    engine.register(Customer.register(BOB, reachable("Bob", Channel.SMS, Channel.EMAIL), at()));
    engine.register(Customer.register(CID, reachable("Cid"), at()));
    engine.register(Customer.register(DEE, reachable("Dee", Channel.SMS, Channel.EMAIL), at()));
    engine.register(
        Customer.register(EVE, reachable("Eve", Channel.SMS, Channel.EMAIL), at())
            .withTags(Set.of("vip")));
    engine.register(Customer.register(FAY, reachable("Fay", Channel.EMAIL), at()));
    for (CustomerId c : List.of(ANN, BOB, CID, EVE, FAY)) {
      for (int i = 1; i <= 3; i++) {
        buy(c + "-" + i, c, 3_000);
      }
    }
    buy("dee-1", DEE, 3_000);
    engine.recordInteraction(
        ServiceInteraction.open(
            "complaint-1", BOB, InteractionKind.COMPLAINT, Channel.PHONE, at()));
    engine.defineSegment("regulars", "frequency >= 3");
    dispatcher =
        new OutboxDispatcher(
            storage,
            List.of(channel(Channel.SMS), channel(Channel.EMAIL)),
            e -> {},
            engine.dispatchPolicy(),
            clock);
    dispatcher.runOnce(); // e-bills and welcomes out of the way
    sent.clear();
  }

  @AfterEach
  void stopThreads() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  Instant at() {
    return clock.instant();
  }

  void buy(String id, CustomerId c, long cents) {
    engine.recordPurchase(Purchase.of(id, c, clock.instant(), Money.ofMinor("EUR", cents)));
  }

  MessageChannel channel(Channel ch) {
    return new MessageChannel() {
      @Override
      public Channel channel() {
        return ch;
      }

      @Override
      public void send(OutboxMessage message) {
        sent.add(message.id());
      }
    };
  }

  static String messageId(Campaign c, String run, CustomerId id) {
    return "care/campaign:" + c.id() + ":" + run + ":" + id.value();
  }

  Voucher voucherOf(CustomerId id) {
    List<Voucher> v = engine.vouchers(id);
    assertThat(v).hasSize(1);
    return v.get(0);
  }

  @Test
  void campaign_targetsOnlyMembers_suppressingNoConsentAndOpenComplaints() {
    assertThat(engine.segmentMembers("regulars"))
        .containsExactlyInAnyOrder(ANN, BOB, CID, EVE, FAY);

    CampaignReport report = engine.runCampaign(SPRING, "2026-03");

    assertThat(report).isEqualTo(new CampaignReport("spring", "2026-03", 5, 3, 0, 1, 1, 3));
    // Ann on SMS as asked; Fay gave no SMS consent, so her preferred e-mail; Dee is no member
    CareAction ann =
        engine.careActions(ANN).stream()
            .filter(a -> a.kind() == CareActionKind.CAMPAIGN)
            .findFirst()
            .orElseThrow();
    assertThat(ann.idempotencyKey()).isEqualTo("campaign:spring:2026-03:ann");
    assertThat(ann.channel()).isEqualTo(Channel.SMS);
    assertThat(storage.message(messageId(SPRING, "2026-03", FAY)).orElseThrow().channel())
        .contains(Channel.EMAIL);
    assertThat(storage.message(messageId(SPRING, "2026-03", DEE))).isEmpty();
    assertThat(storage.message(messageId(SPRING, "2026-03", BOB))).isEmpty();
    assertThat(storage.message(messageId(SPRING, "2026-03", CID))).isEmpty();
    assertThat(engine.vouchers(BOB)).isEmpty();
    assertThat(engine.vouchers(CID)).isEmpty();
    // the message carries the voucher, rendered from the program's template
    Voucher v = voucherOf(ANN);
    assertThat(v.code()).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
    assertThat(v.expiresAt()).isEqualTo(at().plus(Duration.ofDays(14)));
    assertThat(ann.variables()).containsEntry("voucherCode", v.code());
    assertThat(storage.message(messageId(SPRING, "2026-03", ANN)).orElseThrow().attributes())
        .containsEntry("template", VOUCHER_TEMPLATE)
        .containsEntry(
            "text",
            "Ann, a gift from salon-rewards: 150 points with code "
                + v.code()
                + ", valid until 2026-03-16 11:00.");
  }

  @Test
  void runningTheSameRunTwice_sendsNothingNew_andIssuesNoSecondVoucher() {
    engine.runCampaign(SPRING, "2026-03");
    List<Voucher> first = storage.campaignVouchers("spring");
    int outbox = storage.messages(DeliveryStatus.PENDING).size();

    CampaignReport again = engine.runCampaign(SPRING, "2026-03");

    assertThat(again).isEqualTo(new CampaignReport("spring", "2026-03", 5, 0, 3, 1, 1, 0));
    assertThat(storage.campaignVouchers("spring")).isEqualTo(first);
    assertThat(storage.messages(DeliveryStatus.PENDING)).hasSize(outbox);
    // a new engine on the same storage (a restart) does not send it again either
    assertThat(newEngine().runCampaign(SPRING, "2026-03").enqueued()).isZero();
    // another run is another occasion
    assertThat(engine.runCampaign(SPRING, "2026-04").vouchersIssued()).isEqualTo(3);
  }

  @Test
  void cappedCustomer_campaignMessageIsDeferredByTheDispatcher_notDropped() {
    engine.defineSegment("vips", "hasTag(vip)");
    Campaign news =
        Campaign.of("news", CampaignKind.ANNOUNCEMENT, "vips", "announcement", Channel.SMS);
    for (int run = 1; run <= 4; run++) {
      assertThat(engine.runCampaign(news, "r" + run).enqueued()).isEqualTo(1);
    }
    assertThat(dispatcher.runOnce().delivered()).isEqualTo(4); // Eve's SMS cap is 4 per 30 days

    engine.runCampaign(SPRING, "2026-03");
    var report = dispatcher.runOnce();

    assertThat(report.deferred()).isEqualTo(1);
    assertThat(sent).contains(messageId(SPRING, "2026-03", ANN));
    assertThat(sent).doesNotContain(messageId(SPRING, "2026-03", EVE));
    OutboxMessage eve = storage.message(messageId(SPRING, "2026-03", EVE)).orElseThrow();
    assertThat(eve.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(eve.lastError()).hasValueSatisfying(e -> assertThat(e).contains("frequency cap"));
    assertThat(eve.nextAttemptAt()).isEqualTo(at().plus(Duration.ofDays(30)));

    clock.advance(Duration.ofDays(30));
    dispatcher.runOnce();
    assertThat(sent).contains(messageId(SPRING, "2026-03", EVE));
    assertThat(storage.message(messageId(SPRING, "2026-03", EVE)).orElseThrow().status())
        .isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void redeemingAPointsVoucher_postsExactlyItsPointsUnderTheCampaignRule_once() {
    engine.runCampaign(SPRING, "2026-03");
    Voucher v = voucherOf(ANN);
    long before = engine.points(ANN).posted();
    clock.advance(Duration.ofDays(2));

    VoucherRedemption r = engine.redeemVoucher(ANN, v.code(), "order-77");

    Posting posting = ((Outcome.Posted) r.ledger().orElseThrow()).posting();
    assertThat(posting.kind()).isEqualTo(PostingKind.EARN);
    assertThat(posting.amountOn(AccountId.points(ANN))).isEqualTo(150);
    assertThat(posting.context().rule()).contains("salon-rewards@1/voucher:spring");
    assertThat(posting.context().sourceRef()).contains(v.code());
    assertThat(r.voucher().redemption().orElseThrow().reference()).isEqualTo("order-77");
    assertThat(
            storage.transactionFor(dev.care.core.ledger.IdempotencyKey.of("voucher:" + v.code())))
        .isPresent();
    assertThat(engine.points(ANN).posted()).isEqualTo(before + 150);
    assertThat(r.voucher().statusAt(at())).isEqualTo(VoucherStatus.REDEEMED);
    assertThat(r.percentOff()).isEmpty();

    assertThatThrownBy(() -> engine.redeemVoucher(ANN, v.code(), "order-78"))
        .isInstanceOfSatisfying(
            VoucherNotRedeemableException.class,
            e -> assertThat(e.reason()).contains("already redeemed").contains("order-77"));
    assertThat(engine.points(ANN).posted()).isEqualTo(before + 150);
  }

  @Test
  void unknownCodes_otherCustomersCodes_andExpiredVouchers_areRefused() {
    engine.runCampaign(SPRING, "2026-03");
    Voucher ann = voucherOf(ANN);

    assertThatThrownBy(() -> engine.redeemVoucher(ANN, "NOPE-NOPE-NOPE", "o-1"))
        .isInstanceOfSatisfying(
            VoucherNotRedeemableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("unknown code");
              assertThat(e.code()).isEqualTo("NOPE-NOPE-NOPE");
            });
    assertThatThrownBy(() -> engine.redeemVoucher(EVE, ann.code(), "o-2"))
        .isInstanceOfSatisfying(
            VoucherNotRedeemableException.class,
            e -> assertThat(e.reason()).contains("another customer"));

    clock.advance(Duration.ofDays(14));
    long before = engine.points(ANN).posted();
    assertThatThrownBy(() -> engine.redeemVoucher(ANN, ann.code(), "o-3"))
        .isInstanceOfSatisfying(
            VoucherNotRedeemableException.class, e -> assertThat(e.reason()).contains("expired"));
    assertThat(engine.points(ANN).posted()).isEqualTo(before);
    assertThat(storage.voucher(ann.code()).orElseThrow().value().redemption()).isEmpty();
  }

  @Test
  void campaignReport_countsIssuedRedeemedExpiredActive_andRedeemedValue() {
    engine.runCampaign(SPRING, "2026-03");
    engine.redeemVoucher(ANN, voucherOf(ANN).code(), "order-1");
    assertThat(engine.campaignReport("spring"))
        .isEqualTo(
            new CampaignVoucherReport(
                "spring",
                at(),
                3,
                1,
                0,
                2,
                150,
                Money.zero(java.util.Currency.getInstance("EUR")),
                0));
    clock.advance(Duration.ofDays(15));
    CampaignVoucherReport later = engine.campaignReport("spring");
    assertThat(later.redeemed()).isEqualTo(1);
    assertThat(later.expired()).isEqualTo(2);
    assertThat(later.active()).isZero();
    assertThat(engine.campaignReport("never-ran").issued()).isZero();
  }

  @Test
  void bonusValueVoucher_creditsWalletBonus_andPercentOffIsOnlyRecorded() {
    Campaign credit =
        Campaign.eVoucher(
            "credit",
            "regulars",
            VOUCHER_TEMPLATE,
            Channel.SMS,
            new VoucherOffer(
                new VoucherValue.BonusValue(Money.ofMinor("EUR", 500)), Duration.ofDays(30)));
    Campaign discount =
        Campaign.eVoucher(
            "discount",
            "regulars",
            VOUCHER_TEMPLATE,
            Channel.SMS,
            new VoucherOffer(new VoucherValue.PercentOff(10), Duration.ofDays(30)));
    engine.runCampaign(credit, "r1");
    engine.runCampaign(discount, "r1");
    Voucher bonus =
        engine.vouchers(ANN).stream()
            .filter(v -> v.campaignId().equals("credit"))
            .findFirst()
            .orElseThrow();
    Voucher percent =
        engine.vouchers(ANN).stream()
            .filter(v -> v.campaignId().equals("discount"))
            .findFirst()
            .orElseThrow();
    long pointsBefore = engine.points(ANN).posted();

    VoucherRedemption b = engine.redeemVoucher(ANN, bonus.code(), "visit-1");
    VoucherRedemption p = engine.redeemVoucher(ANN, percent.code(), "visit-1");

    assertThat(engine.wallet(ANN).bonus()).isEqualTo(Money.ofMinor("EUR", 500));
    assertThat(engine.wallet(ANN).paid()).isEqualTo(Money.ofMinor("EUR", 0));
    assertThat(((Outcome.Posted) b.ledger().orElseThrow()).posting().context().rule())
        .contains("salon-rewards@1/voucher:credit");
    assertThat(p.ledger()).isEmpty();
    assertThat(p.percentOff()).contains(10);
    assertThat(engine.points(ANN).posted()).isEqualTo(pointsBefore);
    assertThat(engine.campaignReport("credit").redeemedBonus())
        .isEqualTo(Money.ofMinor("EUR", 500));
    assertThat(engine.campaignReport("discount").redeemedDiscounts()).isEqualTo(1);
  }

  @Test
  void twoEnginesRedeemingTheSameCodeAtOnce_exactlyOneSucceeds() throws Exception {
    CareEngine other = newEngine(); // a second application instance on the same storage
    pool = Executors.newFixedThreadPool(2);
    for (int round = 0; round < 10; round++) {
      engine.runCampaign(SPRING, "race-" + round);
      String code =
          storage.vouchers(ANN).stream()
              .filter(v -> v.redemption().isEmpty())
              .findFirst()
              .orElseThrow()
              .code();
      long before = engine.points(ANN).posted();
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<VoucherRedemption>> tries = new ArrayList<>();
      for (CareEngine e : List.of(engine, other)) {
        String ref = "till-" + tries.size();
        tries.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return e.redeemVoucher(ANN, code, ref);
                }));
      }
      int succeeded = 0;
      int refused = 0;
      for (Future<VoucherRedemption> f : tries) {
        try {
          f.get(30, TimeUnit.SECONDS);
          succeeded++;
        } catch (java.util.concurrent.ExecutionException ex) {
          assertThat(ex.getCause()).isInstanceOf(VoucherNotRedeemableException.class);
          refused++;
        }
      }
      assertThat(succeeded).as("round %d", round).isEqualTo(1);
      assertThat(refused).as("round %d", round).isEqualTo(1);
      assertThat(engine.points(ANN).posted()).isEqualTo(before + 150);
      assertThat(other.points(ANN).posted()).isEqualTo(before + 150);
    }
  }

  @Test
  void purchasesAndReturns_moveCustomersIntoAndOutOfSegments_withEvents() {
    events.clear();
    buy("dee-2", DEE, 3_000);
    assertThat(events).isEmpty();
    buy("dee-3", DEE, 3_000);
    assertThat(events)
        .containsExactly(
            new CustomerSegmentEvent(
                SegmentId.of("regulars"),
                DEE,
                CustomerSegmentEvent.Change.ENTERED,
                LocalDate.of(2026, 3, 2)));
    assertThat(engine.segmentMembers("regulars")).contains(DEE);

    events.clear();
    engine.recordReturn(Return.of("dee-r3", DEE, at(), "dee-3", Money.ofMinor("EUR", 3_000)));
    assertThat(events)
        .containsExactly(
            new CustomerSegmentEvent(
                SegmentId.of("regulars"),
                DEE,
                CustomerSegmentEvent.Change.EXITED,
                LocalDate.of(2026, 3, 2)));
    assertThat(engine.segmentMembers("regulars")).doesNotContain(DEE);
    assertThat(engine.segmentCount("regulars")).isEqualTo(5);
  }

  @Test
  void advanceTo_movesDateRelativeMembership() {
    engine.defineSegment("slipping", "frequency >= 1 and recencyDays > 30");
    assertThat(engine.segmentMembers("slipping")).isEmpty();
    clock.advance(Duration.ofDays(5));
    buy("ann-4", ANN, 3_000);
    events.clear();

    clock.advance(Duration.ofDays(26)); // 31 days since everyone's visits, 26 since Ann's last
    engine.advanceTo(clock.instant());

    assertThat(engine.segmentMembers("slipping"))
        .containsExactlyInAnyOrder(BOB, CID, DEE, EVE, FAY);
    assertThat(events)
        .filteredOn(e -> e.segment().equals(SegmentId.of("slipping")))
        .extracting(CustomerSegmentEvent::customer)
        .containsExactlyInAnyOrder(BOB, CID, DEE, EVE, FAY);
    clock.advance(Duration.ofDays(5));
    engine.advanceTo(clock.instant());
    assertThat(engine.segmentMembers("slipping")).contains(ANN);
    // a purchase brings Ann back out at once
    buy("ann-5", ANN, 3_000);
    assertThat(engine.segmentMembers("slipping")).doesNotContain(ANN);
  }

  @Test
  void segments_areValidated_stored_andReloadedByANewEngine() {
    assertThatThrownBy(() -> engine.defineSegment("bad", "tier in (DIAMOND)"))
        .isInstanceOf(InvalidSegmentException.class)
        .hasMessageContaining("DIAMOND");
    assertThatThrownBy(() -> engine.defineSegment("bad", "frequency >>= 3"))
        .isInstanceOf(SegmentParseException.class);
    assertThat(storage.segmentDefinitions()).containsOnlyKeys("regulars");
    assertThatThrownBy(() -> engine.segmentMembers("nobody"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown segment 'nobody'");

    engine.defineSegment("gold", "tier in (GOLD, PLATINUM) and consent(SMS)");
    CareEngine restarted = newEngine();
    assertThat(restarted.segmentMembers("regulars"))
        .containsExactlyInAnyOrderElementsOf(engine.segmentMembers("regulars"));
    assertThat(restarted.segmentCount("gold")).isZero();
    // redefining replaces the stored text
    engine.defineSegment("regulars", "frequency >= 4");
    assertThat(storage.segmentDefinitions().get("regulars").value()).isEqualTo("frequency >= 4");
    assertThat(engine.segmentMembers("regulars")).isEmpty();
  }

  @Test
  void campaigns_areCheckedAgainstTheProgram() {
    assertThatThrownBy(
            () ->
                engine.runCampaign(
                    Campaign.of("x", CampaignKind.ANNOUNCEMENT, "regulars", "no-such", Channel.SMS),
                    "r1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("templateId 'no-such'");
    assertThatThrownBy(
            () ->
                engine.runCampaign(
                    Campaign.of(
                        "x", CampaignKind.ANNOUNCEMENT, "regulars", VOUCHER_TEMPLATE, Channel.SMS),
                    "r1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("voucherCode");
    assertThatThrownBy(
            () ->
                engine.runCampaign(
                    Campaign.of(
                        "x", CampaignKind.ANNOUNCEMENT, "nobody", "announcement", Channel.SMS),
                    "r1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown segment");
    assertThatThrownBy(() -> engine.runCampaign(SPRING, "has space"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runKey");
    assertThat(storage.campaignVouchers("x")).isEmpty();
  }
}
