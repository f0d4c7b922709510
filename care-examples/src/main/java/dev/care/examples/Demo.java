package dev.care.examples;

import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.consumption.LineItem;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.consumption.SalesChannel;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.CustomerType;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.LeapDayRule;
import dev.care.core.customer.Profile;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.customer.TierId;
import dev.care.core.lifecycle.RuleBasedLifecyclePolicy;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.Playbooks;
import dev.care.core.satisfaction.SatisfactionIndexPolicy;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.Temperament;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code demo} command: builds one salon customer's service file — profile and consent, dates
 * that matter, special needs, purchases and a return, a complaint — and prints what the library
 * derives from it. Later issues grow this into a full merchant simulation.
 */
final class Demo {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  int run(String[] args, PrintStream out) {
    if (args.length > 0) {
      out.println("demo takes no options yet, got " + List.of(args));
      return 2;
    }
    CustomerId id = CustomerId.of("C-0001");
    ZoneId zone = ZoneId.of("Europe/Berlin");
    Customer customer =
        Customer.register(
                id,
                Profile.named("Mia Weber")
                    .withPhone("+4915112345678")
                    .withEmail("mia@example.org")
                    .withPreferredChannel(Channel.SMS)
                    .withConsent(Consent.optedIn(Channel.SMS, Channel.EMAIL))
                    .withZone(zone)
                    .withLocale(Locale.GERMANY),
                Instant.parse("2025-02-03T09:00:00Z"))
            .withBirthday(ImportantDate.birthday(LocalDate.of(1992, 2, 29)))
            .withAnniversary(ImportantDate.of("membership", LocalDate.of(2025, 2, 3)))
            .withSpecialNeeds(Set.of(SpecialNeed.PREGNANT))
            .withType(CustomerType.ACTIVE)
            .withTier(Optional.of(TierId.of("SILVER")))
            .withTags(Set.of("color-client"));

    Currency eur = Currency.getInstance("EUR");
    Money cut = Money.ofMinor(eur, 4500);
    Money colour = Money.ofMinor(eur, 8900);
    ConsumptionHistory history =
        ConsumptionHistory.of(
            id,
            eur,
            List.of(
                Purchase.of("O-100", id, Instant.parse("2025-02-03T10:00:00Z"), cut),
                new Purchase(
                    "O-131",
                    id,
                    Instant.parse("2025-05-12T15:30:00Z"),
                    cut.plus(colour),
                    List.of(
                        LineItem.of("CUT-W", "haircut", 1, cut),
                        LineItem.of("COL-F", "colour", 1, colour)),
                    SalesChannel.STORE,
                    Optional.of("berlin-mitte")),
                Purchase.of("O-188", id, Instant.parse("2025-09-01T11:00:00Z"), cut),
                Purchase.of("O-240", id, Instant.parse("2026-03-20T12:00:00Z"), colour),
                Return.of(
                    "R-7",
                    id,
                    Instant.parse("2026-03-22T09:00:00Z"),
                    "O-240",
                    Money.ofMinor(eur, 2000))));

    ServiceInteraction complaint =
        ServiceInteraction.open(
                "I-55",
                id,
                InteractionKind.COMPLAINT,
                Channel.PHONE,
                Instant.parse("2026-03-21T08:00:00Z"))
            .withProcess(Optional.of(Duration.ofHours(48)), 1, 0, 0)
            .withTemperament(Temperament.ANGRY)
            .observe(new ObservedFactor("NOT_REPAIRED_AS_EXPECTED", 3))
            .observe(new ObservedFactor("WARM_ATTITUDE", 4))
            .close(Instant.parse("2026-03-22T09:00:00Z"), InteractionOutcome.RESOLVED);

    out.println("care demo — one customer's service file, as of " + NOW);
    out.println();
    out.println("customer     " + customer.id() + "  " + customer.profile().name());
    out.println(
        "contact      prefers "
            + customer.profile().preferredChannel()
            + ", reachable by SMS: "
            + customer.profile().reachableBy(Channel.SMS)
            + ", quiet hours "
            + customer.profile().quietHours().map(q -> q.start() + "–" + q.end()).orElse("none")
            + " "
            + zone);
    ImportantDate birthday = customer.birthday().orElseThrow();
    out.println(
        "birthday     29 Feb; in 2027 greeted on "
            + birthday.occurrenceIn(2027, LeapDayRule.FEBRUARY_28)
            + " at "
            + birthday
                .occurrenceAt(2027, LocalTime.of(9, 0), zone, LeapDayRule.FEBRUARY_28)
                .toInstant());
    out.println(
        "needs        "
            + customer.specialNeeds().stream().map(SpecialNeed::code).toList()
            + " → task priority +"
            + customer.priorityBoost());
    out.println("tier         " + customer.tier().map(TierId::name).orElse("none"));
    out.println();
    out.println(
        "purchases    frequency "
            + history.frequency(NOW)
            + ", net spend "
            + history.monetary(NOW)
            + ", average basket "
            + history.averageBasket(NOW).map(Money::toString).orElse("-")
            + ", last purchase "
            + history.recency(NOW).map(d -> d.toDays() + " days ago").orElse("never"));
    var stage = RuleBasedLifecyclePolicy.defaults().infer(history, NOW);
    out.println("life cycle   " + stage.stage() + " (" + stage.reason() + ")");
    var index =
        SatisfactionIndexPolicy.defaults()
            .compute(List.of(complaint), FactorCatalogue.defaults(), NOW)
            .orElseThrow();
    out.printf(
        Locale.ROOT,
        "satisfaction %.1f / 100 (%s) after complaint %s, turnaround %d h%n",
        index.value(),
        index.band(),
        complaint.id(),
        complaint.turnaround().orElseThrow().toHours());
    out.println(
        "playbook     "
            + String.join("; ", Playbooks.defaults().forTemperament(Temperament.ANGRY).steps()));
    out.println();
    Customer erased = customer.erase(NOW);
    out.println(
        "erasure      name now '"
            + erased.profile().name()
            + "', id kept: "
            + erased.id()
            + ", tier kept: "
            + erased.tier().map(TierId::name).orElse("none"));
    return 0;
  }
}
