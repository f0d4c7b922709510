package dev.care.examples.sim;

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
import dev.care.core.customer.Profile;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.FactorKind;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.Temperament;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a salon's members and a year (or any number of months) of their activity, in time
 * order, from a seed. The same seed and sizes always give the same events.
 *
 * <p>The model: each member has a visit rate (visits per month, gamma-like spread around 1), a
 * monthly chance of drifting away for good (some come back later), a typical basket, a time zone
 * and a birthday (a few on 29 February). Visits follow the season (December busy, August quiet).
 * About 3% of purchases are partly returned within ten days; a fifth of members keep a prepaid
 * wallet, pay most visits from it and top it up when it runs low; about 4% of visits end in a
 * complaint or a repair, with a temperament and factors, opened and (hours or days later) closed.
 * Members who join by a friend's invitation (about 8%) carry the id of a friend who joined before
 * them ({@link SimEvent.Joined}); the demo registers them with that referrer, and the engine
 * credits the referral.
 *
 * <p>Members answer some satisfaction surveys ({@link #surveyAnswer}, drawn when the engine plans
 * one, since its reply token comes from the engine). The staff who work the care-task queue are the
 * demo's ({@code Demo.Staff}): what they take depends on the engine's queue.
 */
public final class SalonSimulation {
  /** Where members live: the salon is in Berlin, some members abroad. */
  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("Europe/London"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Asia/Tokyo"),
          ZoneId.of("Australia/Sydney"));

  private static final String[] FIRST = {
    "Mia", "Emma", "Sofia", "Hannah", "Lena", "Lea", "Anna", "Marie", "Yuki", "Olivia", "Noah",
    "Leon", "Paul", "Ben", "Elias", "Finn", "Luca", "Amir", "Chen", "Aisha"
  };
  private static final String[] LAST = {
    "Weber",
    "Schmidt",
    "Müller",
    "Fischer",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Tanaka",
    "Smith",
    "Nguyen",
    "Kaya",
    "Rossi",
    "Novak",
    "Costa"
  };

  /** Seasonal visit factor per month (January first). */
  private static final double[] SEASON = {
    0.85, 0.9, 1.0, 1.05, 1.1, 1.05, 0.95, 0.8, 1.0, 1.0, 1.1, 1.4
  };

  private final long seed;
  private final int members;
  private final int months;
  private final LocalDate start;
  private final Currency eur = Currency.getInstance("EUR");

  /**
   * Creates a simulation.
   *
   * @param seed the random seed
   * @param members how many members, 1 to 1,000,000
   * @param months how many months of activity, 1 to 120
   * @param start the first simulated day
   */
  public SalonSimulation(long seed, int members, int months, LocalDate start) {
    if (members < 1 || members > 1_000_000) {
      throw new IllegalArgumentException("members must be 1..1000000, got " + members);
    }
    if (months < 1 || months > 120) {
      throw new IllegalArgumentException("months must be 1..120, got " + months);
    }
    this.seed = seed;
    this.members = members;
    this.months = months;
    this.start = java.util.Objects.requireNonNull(start, "start");
  }

  /**
   * The last simulated instant (exclusive).
   *
   * @return the end of the simulation
   */
  public Instant end() {
    return start.plusMonths(months).atStartOfDay(ZoneId.of("Europe/Berlin")).toInstant();
  }

  /**
   * The first simulated instant.
   *
   * @return the start
   */
  public Instant startInstant() {
    return start.atStartOfDay(ZoneId.of("Europe/Berlin")).toInstant();
  }

  private static double gamma2(SplittableRandom r) {
    // shape 2, scale 0.5: mean 1, a believable spread of visit rates
    return (-Math.log(1 - r.nextDouble()) - Math.log(1 - r.nextDouble())) * 0.5;
  }

  private Money eur(long cents) {
    return Money.ofMinor(eur, cents);
  }

  /** A member's id, {@code M-000001} for the first (the form {@code "M-%06d"} gives). */
  private static String memberId(int n) {
    return "M-" + zeroPadded(n, 6);
  }

  /** {@code n} in decimal, zero-padded to at least {@code width} digits ({@code "%0<width>d"}). */
  private static String zeroPadded(int n, int width) {
    String digits = Integer.toString(n);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  /**
   * Generates every event, in time order.
   *
   * @return the events
   */
  public List<SimEvent> events() {
    List<SimEvent> out = new ArrayList<>();
    FactorCatalogue catalogue = FactorCatalogue.defaults();
    List<String> satisfiers =
        catalogue.ofKind(FactorKind.SATISFIER).stream().map(f -> f.code()).toList();
    List<String> dissatisfiers =
        catalogue.ofKind(FactorKind.DISSATISFIER).stream().map(f -> f.code()).toList();
    Instant begin = startInstant();
    Instant stop = end();
    long spanDays = Duration.between(begin, stop).toDays();
    List<Instant> joinedAt = new ArrayList<>(members);
    for (int m = 0; m < members; m++) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + m);
      CustomerId id = CustomerId.of(memberId(m + 1));
      ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
      String name = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
      // a third join in the first weeks, the rest over the first two thirds of the period
      long joinDay =
          r.nextDouble() < 0.35 ? r.nextInt(21) : r.nextLong(Math.max(1, spanDays * 2 / 3));
      Instant joined =
          begin.plus(Duration.ofDays(joinDay)).plus(Duration.ofMinutes(540 + r.nextInt(540)));
      Consent consent =
          r.nextDouble() < 0.8
              ? Consent.optedIn(Channel.SMS, Channel.EMAIL)
              : r.nextDouble() < 0.5 ? Consent.optedIn(Channel.EMAIL) : Consent.none();
      Profile profile =
          Profile.named(name)
              .withPhone("+4915" + zeroPadded(m + 1, 9))
              .withEmail("member" + (m + 1) + "@example.org")
              .withPreferredChannel(r.nextBoolean() ? Channel.SMS : Channel.EMAIL)
              .withConsent(consent)
              .withZone(zone);
      LocalDate birthday =
          r.nextInt(600) == 0
              ? LocalDate.of(1988 + 4 * r.nextInt(6), 2, 29)
              : LocalDate.of(1950 + r.nextInt(55), 1, 1).plusDays(r.nextInt(365));
      Customer c =
          Customer.register(id, profile, joined)
              .withBirthday(ImportantDate.birthday(birthday))
              .withType(CustomerType.ACTIVE);
      if (r.nextDouble() < 0.12) {
        List<SpecialNeed> needs = SpecialNeed.standard();
        c = c.withSpecialNeeds(Set.of(needs.get(r.nextInt(needs.size()))));
      }
      String referrer = "";
      if (m > 20 && r.nextDouble() < 0.08) {
        // the friend is a member who joined before: the drawn one, or the nearest earlier-numbered
        // member who had (the salon's first weeks bring many, so one is found)
        for (int f = r.nextInt(m); f >= 0; f--) {
          if (joinedAt.get(f).isBefore(joined)) {
            referrer = memberId(f + 1);
            break;
          }
        }
      }
      joinedAt.add(joined);
      out.add(new SimEvent.Joined(joined, c, referrer));

      double rate = 0.25 + 1.1 * gamma2(r); // visits per month
      double churnPerMonth = 0.02 + 0.10 * r.nextDouble() * r.nextDouble();
      double basket = 3500 + 9000 * gamma2(r); // cents
      boolean wallet = r.nextDouble() < 0.2;
      boolean gone = false;
      Instant t = joined;
      int visit = 0;
      long points = 0;
      long paidIn = 0; // paid into the wallet and not yet spent, in cents
      while (true) {
        double seasonal = SEASON[t.atZone(zone).getMonthValue() - 1];
        double gapDays = -Math.log(1 - r.nextDouble()) * 30.4 / (rate * seasonal);
        t = t.plus(Duration.ofMinutes((long) (gapDays * 1440)));
        if (!t.isBefore(stop)) {
          break;
        }
        if (!gone && r.nextDouble() < 1 - Math.pow(1 - churnPerMonth, gapDays / 30.4)) {
          gone = true;
        }
        if (gone) {
          // one in five lost members returns after a long pause, the rest never do
          if (r.nextDouble() < 0.2) {
            t = t.plus(Duration.ofDays(150 + r.nextInt(120)));
            gone = false;
            if (!t.isBefore(stop)) {
              break;
            }
          } else {
            break;
          }
        }
        // the salon opens 09:00-19:00 Berlin time: evening visits move to the next morning
        ZonedDateTime local = t.atZone(ZoneId.of("Europe/Berlin"));
        if (local.toLocalTime().isAfter(LocalTime.of(19, 0))) {
          local = local.plusDays(1).with(LocalTime.of(8, 0));
        }
        if (local.toLocalTime().isBefore(LocalTime.of(9, 0))) {
          t = local.with(LocalTime.of(9, 0).plusMinutes(r.nextInt(600))).toInstant();
        }
        visit++;
        String orderId = id + "-O" + visit;
        List<LineItem> items = new ArrayList<>();
        long cut = Math.round(basket * (0.45 + 0.2 * r.nextDouble()) / 100) * 100;
        items.add(LineItem.of("CUT", "haircut", 1, eur(cut)));
        if (r.nextDouble() < 0.35) {
          items.add(LineItem.of("COLOUR", "colour", 1, eur(Math.round(basket * 0.8 / 100) * 100)));
        }
        if (r.nextDouble() < 0.3) {
          items.add(new LineItem("SHAMPOO", "haircare", 1, eur(1800), r.nextDouble() < 0.3));
        }
        if (r.nextDouble() < 0.05) {
          items.add(LineItem.of("TREAT-DELUXE", "treatment", 1, eur(6500)));
        }
        long total = items.stream().mapToLong(i -> i.amount().minorUnits()).sum();
        Purchase p =
            new Purchase(
                orderId, id, t, eur(total), items, SalesChannel.STORE, Optional.of("berlin-mitte"));
        long redeem = points >= 500 && r.nextDouble() < 0.3 ? Math.min(points, 500) : 0;
        out.add(new SimEvent.Bought(t, p, redeem));
        points = points - redeem + total / 100;
        if (r.nextDouble() < 0.03) {
          long back = Math.max(100, total / (1 + r.nextInt(3)) / 100 * 100);
          Instant rt = t.plus(Duration.ofDays(1 + r.nextInt(9)));
          if (rt.isBefore(stop)) {
            out.add(
                new SimEvent.Returned(
                    rt, Return.of(id + "-R" + visit, id, rt, orderId, eur(Math.min(back, total)))));
          }
        }
        if (wallet) {
          // a wallet member pays from the wallet while what she paid in covers it (her balance,
          // with any top-up bonus, is never below that), and tops up when it runs low
          if (paidIn > 0 && r.nextDouble() < 0.85) {
            long spend = Math.min(paidIn, total);
            out.add(
                new SimEvent.Spent(t.plusSeconds(30), id.value(), eur(spend), id + "-S" + visit));
            paidIn -= spend;
          }
          if (paidIn < 3_000 && r.nextDouble() < 0.5) {
            long amount = r.nextDouble() < 0.5 ? 10_000 : 5_000;
            out.add(
                new SimEvent.ToppedUp(
                    t.plusSeconds(60), id.value(), eur(amount), id + "-T" + visit));
            paidIn += amount;
          }
        }
        if (r.nextDouble() < 0.04) {
          complaint(
              r, id, t.plus(Duration.ofDays(r.nextInt(4))), visit, satisfiers, dissatisfiers, out);
        }
      }
    }
    out.sort(Comparator.comparing(SimEvent::at));
    List<SimEvent> inPeriod = new ArrayList<>(out.size());
    for (SimEvent e : out) {
      if (e.at().isBefore(stop)) {
        inPeriod.add(e);
      }
    }
    return inPeriod;
  }

  /**
   * Whether and how a member answers the satisfaction survey the engine planned after a complaint
   * or repair closed: deterministic for the seed and the interaction. About two in five answer
   * (more after a resolved case and among the opinionated and the angry, fewer among the hesitant),
   * between half a day and a few days after the survey is due; the answers follow the outcome (a
   * satisfier after a resolution, a dissatisfier after an unresolved or escalated case, either
   * after a partial one) and the temperament (the angry rate dissatisfiers higher, the gentle
   * satisfiers). A quarter of those surveyed by SMS reply to the SMS instead of following the link.
   *
   * @param closed the closed interaction the survey asks about
   * @param surveyDue when the survey is due to go out
   * @param surveyChannel the channel it goes out on
   * @return the answer, if she answers within the simulated period
   */
  public Optional<SimEvent.SurveyAnswered> surveyAnswer(
      ServiceInteraction closed, Instant surveyDue, Channel surveyChannel) {
    InteractionOutcome outcome =
        closed
            .outcome()
            .orElseThrow(
                () -> new IllegalArgumentException("interaction " + closed.id() + " is open"));
    Temperament temperament = closed.temperament().orElse(Temperament.GENTLE);
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L ^ closed.id().hashCode() * 31L);
    double answers =
        switch (outcome) {
              case RESOLVED -> 0.45;
              case PARTIALLY_RESOLVED -> 0.35;
              case UNRESOLVED -> 0.30;
              case ESCALATED -> 0.40;
              case WITHDRAWN -> 0.10;
            }
            + switch (temperament) {
              case OPINIONATED -> 0.15;
              case ANGRY -> 0.10;
              case HESITANT -> -0.15;
              case GENTLE -> 0.0;
            };
    if (r.nextDouble() >= answers) {
      return Optional.empty();
    }
    long minutes = 720 + (long) Math.min(-Math.log(1 - r.nextDouble()) * 1.5 * 1440, 8 * 1440);
    Instant at = surveyDue.plus(Duration.ofMinutes(minutes));
    if (!at.isBefore(end())) {
      return Optional.empty();
    }
    FactorCatalogue catalogue = FactorCatalogue.defaults();
    List<String> satisfiers =
        catalogue.ofKind(FactorKind.SATISFIER).stream().map(f -> f.code()).toList();
    List<String> dissatisfiers =
        catalogue.ofKind(FactorKind.DISSATISFIER).stream().map(f -> f.code()).toList();
    int warmer = temperament == Temperament.GENTLE ? 1 : 0;
    int harsher = temperament == Temperament.ANGRY ? 1 : 0;
    List<ObservedFactor> factors = new ArrayList<>();
    boolean pleased =
        switch (outcome) {
          case RESOLVED -> r.nextDouble() < 0.85;
          case PARTIALLY_RESOLVED -> r.nextDouble() < 0.5;
          case UNRESOLVED, ESCALATED -> r.nextDouble() < 0.15;
          case WITHDRAWN -> r.nextDouble() < 0.3;
        };
    if (pleased) {
      factors.add(
          new ObservedFactor(
              satisfiers.get(r.nextInt(satisfiers.size())),
              Math.min(5, 3 + r.nextInt(3) + warmer)));
    } else {
      factors.add(
          new ObservedFactor(
              dissatisfiers.get(r.nextInt(dissatisfiers.size())),
              Math.min(5, 2 + r.nextInt(3) + harsher)));
    }
    boolean bySms = surveyChannel == Channel.SMS && r.nextDouble() < 0.25;
    return Optional.of(
        new SimEvent.SurveyAnswered(at, closed.customerId(), closed.id(), factors, bySms));
  }

  private static void complaint(
      SplittableRandom r,
      CustomerId id,
      Instant opened,
      int visit,
      List<String> satisfiers,
      List<String> dissatisfiers,
      List<SimEvent> out) {
    InteractionKind kind =
        r.nextDouble() < 0.7 ? InteractionKind.COMPLAINT : InteractionKind.REPAIR;
    Temperament temperament = Temperament.values()[r.nextInt(Temperament.values().length)];
    // most are settled within a day or two; one in four waits days (a repair, a call-back that
    // does not come), so some are still open at any time
    long hours =
        r.nextDouble() < 0.75
            ? 2 + (long) (-Math.log(1 - r.nextDouble()) * 30)
            : 72 + (long) (-Math.log(1 - r.nextDouble()) * 24 * 6);
    ServiceInteraction i =
        ServiceInteraction.open(id + "-I" + visit, id, kind, Channel.PHONE, opened)
            .withProcess(
                Optional.of(Duration.ofHours(48)),
                r.nextInt(3),
                r.nextInt(2),
                kind == InteractionKind.REPAIR ? 1 + r.nextInt(3) : 0)
            .withTemperament(temperament);
    i =
        i.observe(
            new ObservedFactor(
                dissatisfiers.get(r.nextInt(dissatisfiers.size())), 1 + r.nextInt(5)));
    if (r.nextDouble() < 0.6) {
      i =
          i.observe(
              new ObservedFactor(satisfiers.get(r.nextInt(satisfiers.size())), 1 + r.nextInt(5)));
    }
    if (r.nextDouble() < 0.5) {
      i = i.withResponsibleStaff(r.nextBoolean() ? "Anna" : "Jonas");
    }
    double u = r.nextDouble();
    InteractionOutcome outcome =
        u < 0.72
            ? InteractionOutcome.RESOLVED
            : u < 0.85
                ? InteractionOutcome.PARTIALLY_RESOLVED
                : u < 0.95 ? InteractionOutcome.UNRESOLVED : InteractionOutcome.ESCALATED;
    out.add(new SimEvent.ComplaintOpened(opened, i));
    Instant closed = opened.plus(Duration.ofHours(hours));
    out.add(new SimEvent.ComplaintClosed(closed, i.close(closed, outcome)));
  }
}
