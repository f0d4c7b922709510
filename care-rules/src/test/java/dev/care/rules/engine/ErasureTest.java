package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.VoucherCodes;
import dev.care.rules.campaign.VoucherOffer;
import dev.care.rules.testing.Programs;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure through the engine on the salon program: the personal data leaves every store, the
 * balances stay, the segment index forgets the customer, and no care is planned for them again —
 * not by the nightly run, greetings, return visits, campaigns or later commands.
 */
class ErasureTest {
  static final CustomerId ANN = CustomerId.of("ann");
  static final CustomerId BOB = CustomerId.of("bob");
  static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T10:00:00Z"));
  final InMemoryStorage storage = new InMemoryStorage();
  final List<CustomerSegmentEvent> events = new CopyOnWriteArrayList<>();
  CareEngine engine;

  CareEngine newEngine() {
    return CareEngine.builder()
        .program(Programs.salon())
        .clock(clock)
        .storage(storage)
        .voucherCodes(VoucherCodes.seeded(7))
        .segmentListener(events::add)
        .build();
  }

  static Customer member(CustomerId id, String name, MonthDay birthday) {
    return Customer.register(
            id,
            Profile.named(name)
                .withPhone("+4915112345678")
                .withEmail(name.toLowerCase(java.util.Locale.ROOT) + ".private@example.com")
                .withPreferredChannel(Channel.EMAIL)
                .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL))
                .withZone(java.time.ZoneId.of("Europe/Berlin")),
            Instant.parse("2026-03-02T10:00:00Z"))
        .withBirthday(ImportantDate.birthday(birthday))
        .withAnniversary(ImportantDate.of("wedding", LocalDate.of(2001, 6, 9)))
        .withSpecialNeeds(Set.of(SpecialNeed.ELDERLY))
        .withTags(Set.of("vip"));
  }

  @BeforeEach
  void twoMembers() {
    engine = newEngine();
    engine.register(member(ANN, "Annabel", MonthDay.of(4, 10)));
    engine.register(member(BOB, "Bobby", MonthDay.of(4, 12)));
    for (CustomerId c : List.of(ANN, BOB)) {
      buy(c + "-1", c, 4_000);
    }
    engine.recordInteraction(
        ServiceInteraction.open(
                "complaint-ann", ANN, InteractionKind.COMPLAINT, Channel.PHONE, at())
            .withTemperament(Temperament.values()[3]));
    engine.defineSegment("buyers", "frequency >= 1");
  }

  Instant at() {
    return clock.instant();
  }

  void buy(String id, CustomerId c, long cents) {
    engine.recordPurchase(Purchase.of(id, c, clock.instant(), Money.ofMinor("EUR", cents)));
  }

  List<OutboxMessage> messagesTo(CustomerId c) {
    List<OutboxMessage> all = new ArrayList<>();
    for (DeliveryStatus s : DeliveryStatus.values()) {
      storage.messages(s).stream()
          .filter(m -> m.customer().equals(Optional.of(c)))
          .forEach(all::add);
    }
    return all;
  }

  @Test
  void erase_removesPersonalDataFromEveryStore_balancesStay() {
    var points = engine.points(ANN);
    var journal = storage.journal(ANN, 0, Integer.MAX_VALUE);
    assertThat(engine.careActions(ANN)).isNotEmpty();
    assertThat(messagesTo(ANN)).anySatisfy(m -> assertThat(m.attributes()).isNotEmpty());

    engine.erase(ANN);

    Customer file = storage.customer(ANN).orElseThrow().value();
    assertThat(file.isErased()).isTrue();
    assertThat(file.toString()).doesNotContain("Annabel", "private@example.com", "--04-10", "vip");
    assertThat(engine.careActions(ANN)).isEmpty();
    assertThat(engine.careTasks(ANN)).isEmpty();
    assertThat(storage.interactions(ANN))
        .singleElement()
        .satisfies(i -> assertThat(i.temperament()).isEmpty());
    assertThat(messagesTo(ANN))
        .isNotEmpty()
        .allSatisfy(
            m -> {
              assertThat(m.attributes()).isEmpty();
              assertThat(m.status()).isNotEqualTo(DeliveryStatus.PENDING);
            });
    assertThat(storage.careState(ANN).orElseThrow().value().attributes()).isEmpty();
    assertThat(engine.points(ANN)).isEqualTo(points);
    assertThat(storage.journal(ANN, 0, Integer.MAX_VALUE)).isEqualTo(journal);
    // Bob is untouched
    assertThat(storage.customer(BOB).orElseThrow().value().profile().name()).isEqualTo("Bobby");
    assertThat(messagesTo(BOB)).anySatisfy(m -> assertThat(m.attributes()).isNotEmpty());
  }

  @Test
  void erase_unknownCustomer_throwsUnknownCustomerException() {
    assertThatThrownBy(() -> engine.erase(CustomerId.of("nobody")))
        .isInstanceOf(UnknownCustomerException.class)
        .hasMessageContaining("nobody");
  }

  @Test
  void erase_twice_isHarmless() {
    engine.erase(ANN);
    Instant first = storage.customer(ANN).orElseThrow().value().erasedAt().orElseThrow();
    clock.advance(Duration.ofHours(2));
    engine.erase(ANN);
    assertThat(storage.customer(ANN).orElseThrow().value().erasedAt()).contains(first);
  }

  @Test
  void erase_segmentIndexForgetsTheCustomer_onThisAndANewInstance() {
    assertThat(engine.segmentMembers("buyers")).contains(ANN, BOB);
    events.clear();

    engine.erase(ANN);

    assertThat(engine.segmentMembers("buyers")).containsExactly(BOB);
    assertThat(engine.segmentCount("buyers")).isEqualTo(1);
    assertThat(events)
        .containsExactly(
            new CustomerSegmentEvent(
                dev.care.rules.segment.SegmentId.of("buyers"),
                ANN,
                CustomerSegmentEvent.Change.EXITED,
                events.get(0).asOf()));
    CareEngine restarted = newEngine();
    assertThat(restarted.segmentMembers("buyers")).containsExactly(BOB);
  }

  @Test
  void erase_isNotDue_andTheNightlyRunPlansNothingForThem() {
    assertThat(storage.dueCustomers(FAR, Optional.empty(), 10)).contains(ANN, BOB);
    engine.erase(ANN);
    assertThat(storage.careState(ANN).orElseThrow().value().nextDue()).isEmpty();
    assertThat(storage.dueCustomers(FAR, Optional.empty(), 10)).containsExactly(BOB);

    // a year and a half on: birthdays, anniversaries, return visits and the open complaint's
    // escalation all came due for Bob's kind of customer, none for Ann
    clock.advance(Duration.ofDays(550));
    engine.advanceTo(clock.instant());
    engine.advanceAll(clock.instant());

    assertThat(engine.careActions(ANN)).isEmpty();
    assertThat(engine.careTasks(ANN)).isEmpty();
    assertThat(engine.careActions(BOB))
        .anySatisfy(a -> assertThat(a.idempotencyKey()).startsWith("birthday:"));
    assertThat(messagesTo(ANN)).noneMatch(m -> m.status() == DeliveryStatus.PENDING);
  }

  @Test
  void erase_campaignsSkipTheErasedCustomer() {
    engine.erase(ANN);
    Campaign spring =
        Campaign.eVoucher(
            "spring",
            "buyers",
            "e-voucher",
            Channel.SMS,
            new VoucherOffer(new VoucherValue.Points(150), Duration.ofDays(14)));

    engine.runCampaign(spring, "2026-03");

    assertThat(engine.vouchers(ANN)).isEmpty();
    assertThat(engine.careActions(ANN)).isEmpty();
    assertThat(engine.vouchers(BOB)).hasSize(1);
  }

  @Test
  void erase_laterCommandsPlanNoCare_andLeaveNoProjection() {
    engine.erase(ANN);
    int before = storage.journal(ANN, 0, Integer.MAX_VALUE).size();

    buy("ann-after", ANN, 2_000);

    assertThat(storage.journal(ANN, 0, Integer.MAX_VALUE))
        .as("the purchase earned its points")
        .hasSizeGreaterThan(before);
    assertThat(engine.careActions(ANN)).as("no e-bill, no welcome").isEmpty();
    assertThat(messagesTo(ANN)).noneMatch(m -> m.status() == DeliveryStatus.PENDING);
    var state = storage.careState(ANN).orElseThrow().value();
    assertThat(state.nextDue()).isEmpty();
    assertThat(state.attributes()).isEmpty();
    assertThat(engine.segmentMembers("buyers")).containsExactly(BOB);
  }
}
