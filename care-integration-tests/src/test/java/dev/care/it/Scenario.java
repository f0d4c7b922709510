package dev.care.it;

import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherNotRedeemableException;
import dev.care.core.voucher.VoucherStatus;
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.CampaignKind;
import dev.care.rules.campaign.VoucherOffer;
import dev.care.rules.engine.CareEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A year-long salon scenario generated from a seed: customers registering over the first two months
 * (some born on 29 February), buying at their own rhythm — regulars, big spenders who climb tiers
 * and then return goods and fall back after grace, customers who slip into DECLINING or LAPSED, get
 * a win-back and come back — with returns, wallet top-ups and spends, point redemptions, complaints
 * opened and closed, two segments defined and monthly campaigns run on them, e-vouchers redeemed,
 * and a weekly nightly run ({@code advanceTo}) with outbox dispatch.
 *
 * <p>The steps depend on nothing but the seed; what each step returns is for the runner to record.
 * Every step names its customer, or none for programme-wide ones (advance, dispatch, segments,
 * campaigns), so a runner may spread customers' commands over several engines.
 */
record Scenario(long seed, List<CustomerId> customers, List<Step> steps) {
  /** The first Monday of the scenario. */
  static final Instant START = Instant.parse("2027-10-04T00:00:00Z");

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** What a step needs from the runner. */
  interface Context {
    /** The engine this step runs on. */
    CareEngine engine();

    /** Runs the outbox dispatcher of this step's instance once. */
    Object dispatch();

    /** The clock's instant (the step's). */
    Instant now();
  }

  /** What a step does. */
  interface Action {
    Object run(Context c);
  }

  /** Programme-wide steps a runner may route differently from customer commands. */
  enum Kind {
    CUSTOMER,
    ADVANCE,
    DISPATCH,
    /** Defining a segment or running a campaign. */
    SEGMENTS
  }

  /**
   * One step.
   *
   * @param at the clock when it runs
   * @param kind how it may be routed
   * @param customer whose command it is (CUSTOMER steps)
   * @param label what it is, for failure messages
   * @param action what it does
   */
  record Step(Instant at, Kind kind, Optional<CustomerId> customer, String label, Action action) {
    @Override
    public String toString() {
      return at + " " + label;
    }
  }

  /** How a customer behaves. */
  private enum Persona {
    REGULAR,
    BIG_SPENDER,
    LAPSER,
    OCCASIONAL,
    /**
     * Buys big once (up a tier), returns it all the same day, then buys little (down after grace).
     */
    RETURNER
  }

  static Scenario generate(long seed, int customerCount, int weeks) {
    return new Generator(seed, customerCount, weeks).build();
  }

  /** The campaigns the scenario runs. */
  static final Campaign THANKS =
      Campaign.eVoucher(
          "thanks",
          "regulars",
          "e-voucher",
          Channel.SMS,
          new VoucherOffer(new VoucherValue.Points(150), Duration.ofDays(21)));

  static final Campaign COME_BACK =
      Campaign.of("come-back", CampaignKind.ANNOUNCEMENT, "lapsing", "announcement", Channel.EMAIL);

  private static final class Generator {
    private final SplittableRandom random;
    private final int customerCount;
    private final int weeks;
    private final List<Step> steps = new ArrayList<>();
    private final List<CustomerId> ids = new ArrayList<>();

    Generator(long seed, int customerCount, int weeks) {
      this.random = new SplittableRandom(seed);
      this.customerCount = customerCount;
      this.weeks = weeks;
      this.seed = seed;
    }

    private final long seed;

    /** A customer as the generator tracks them. */
    private final class Member {
      final CustomerId id;
      final Persona persona;
      final int registerDay;
      final int pauseFrom;
      int pauseTo;

      /**
       * A lapser who comes back 72 days after their last visit: after the win-back, in time for its
       * offer.
       */
      final boolean quickReturn;

      final List<String> purchases = new ArrayList<>();
      final List<Long> amounts = new ArrayList<>();
      final List<Long> returned = new ArrayList<>();
      final List<Integer> days = new ArrayList<>();
      int commands;
      Optional<ServiceInteraction> openComplaint = Optional.empty();
      int closeComplaintOn = -1;
      final boolean leapDay;

      Member(int n) {
        this.id = CustomerId.of(String.format("c%03d", n));
        // every persona in every scenario; the rest at random
        this.persona =
            n < Persona.values().length
                ? Persona.values()[n]
                : Persona.values()[random.nextInt(Persona.values().length)];
        this.leapDay = n % 6 == 0;
        this.registerDay = random.nextInt(60);
        // lapsers stop for 70-200 days some time after their first months, then come back
        int from = registerDay + 40 + random.nextInt(120);
        this.pauseFrom = persona == Persona.LAPSER ? from : Integer.MAX_VALUE;
        this.pauseTo = persona == Persona.LAPSER ? from + 70 + random.nextInt(130) : 0;
        this.quickReturn =
            persona == Persona.LAPSER && (n == Persona.LAPSER.ordinal() || random.nextBoolean());
      }

      String key(String what) {
        return id.value() + "-" + what + "-" + (++commands);
      }

      /** Chance in 1000 of a visit on a given day. */
      int visitChance(int day) {
        if (day < registerDay || (day >= pauseFrom && day < pauseTo)) {
          return 0;
        }
        return switch (persona) {
          case REGULAR -> 110;
          case BIG_SPENDER -> 60;
          case LAPSER -> 90;
          case OCCASIONAL, RETURNER -> 25;
        };
      }

      long basketMinor() {
        if (persona == Persona.RETURNER && purchases.isEmpty()) {
          return 60_000 + random.nextInt(30_000);
        }
        return switch (persona) {
          case BIG_SPENDER -> 15_000 + random.nextInt(50_000);
          default -> 1_500 + random.nextInt(9_000);
        };
      }
    }

    Scenario build() {
      List<Member> members = new ArrayList<>();
      for (int n = 0; n < customerCount; n++) {
        members.add(new Member(n));
        ids.add(members.get(n).id);
      }
      int days = weeks * 7;
      for (int day = 0; day <= days; day++) {
        Instant midnight = START.plus(Duration.ofDays(day));
        List<Step> today = new ArrayList<>();
        for (Member m : members) {
          if (day == m.registerDay) {
            today.add(register(m, at(midnight)));
          }
          customerDay(m, day, midnight, today);
        }
        // the nightly run, weekly (Monday 02:00 UTC), before the day's visits; the outbox is
        // dispatched on Monday afternoons, out of every customer's quiet hours
        if (day % 7 == 0) {
          Instant night = midnight.plus(Duration.ofHours(2));
          steps.add(new Step(night, Kind.ADVANCE, Optional.empty(), "advance", advance()));
          today.add(
              new Step(
                  midnight.plus(Duration.ofHours(14)),
                  Kind.DISPATCH,
                  Optional.empty(),
                  "dispatch",
                  c -> c.dispatch()));
        }
        today.sort(Comparator.comparing(Step::at));
        if (day == 63) {
          Instant t = midnight.plus(Duration.ofHours(7));
          steps.add(segment(t, "regulars", "frequency >= 3 and recencyDays <= 45"));
          steps.add(segment(t.plusSeconds(1), "lapsing", "frequency >= 2 and recencyDays > 60"));
          // points earned on a purchase stay pending 14 days: the segment counts them when due
          steps.add(segment(t.plusSeconds(2), "redeemers", "pointsBalance >= 150"));
        }
        LocalDate date = midnight.atZone(ZoneOffset.UTC).toLocalDate();
        if (day > 63
            && date.getDayOfWeek() == java.time.DayOfWeek.MONDAY
            && date.getDayOfMonth() <= 7) {
          Instant t = midnight.plus(Duration.ofHours(7));
          String run = date.getYear() + "-" + String.format("%02d", date.getMonthValue());
          steps.add(campaign(t, THANKS, run));
          steps.add(campaign(t.plusSeconds(1), COME_BACK, run));
        }
        steps.addAll(today);
      }
      Instant end = START.plus(Duration.ofDays(days + 1)).plus(Duration.ofHours(2));
      steps.add(new Step(end, Kind.ADVANCE, Optional.empty(), "advance", advance()));
      steps.add(
          new Step(
              end.plus(Duration.ofHours(12)),
              Kind.DISPATCH,
              Optional.empty(),
              "dispatch",
              c -> c.dispatch()));
      return new Scenario(seed, List.copyOf(ids), List.copyOf(steps));
    }

    /** An instant in opening hours (08:00-18:00 UTC) of a day. */
    private Instant at(Instant midnight) {
      return midnight.plus(Duration.ofMinutes(8 * 60 + random.nextInt(600)));
    }

    private Step register(Member m, Instant at) {
      Profile profile =
          Profile.named("Member " + m.id.value())
              .withPhone(
                  "+49151"
                      + String.format(
                          "%08d", 10_000_000 + Integer.parseInt(m.id.value().substring(1))))
              .withEmail(m.id.value() + "@example.com")
              .withPreferredChannel(random.nextInt(3) == 0 ? Channel.SMS : Channel.EMAIL)
              .withConsent(m.leapDay ? Consent.optedIn(Channel.SMS, Channel.EMAIL) : consent())
              .withZone(random.nextInt(8) == 0 ? ZoneId.of("America/New_York") : BERLIN);
      Customer c = Customer.register(m.id, profile, at);
      int b = random.nextInt(10);
      if (m.leapDay || b < 1) {
        c =
            c.withBirthday(
                ImportantDate.birthday(LocalDate.of(1980 + 4 * random.nextInt(6), 2, 29)));
      } else if (b < 9) {
        c =
            c.withBirthday(
                ImportantDate.birthday(
                    MonthDay.of(1 + random.nextInt(12), 1 + random.nextInt(28))));
      }
      if (random.nextInt(6) == 0) {
        c = c.withTags(java.util.Set.of("vip"));
      }
      Customer file = c;
      return customerStep(at, m, "register", e -> e.engine().register(file));
    }

    private Consent consent() {
      return switch (random.nextInt(6)) {
        case 0 -> Consent.none();
        case 1 -> Consent.optedIn(Channel.EMAIL);
        default -> Consent.optedIn(Channel.SMS, Channel.EMAIL);
      };
    }

    private void customerDay(Member m, int day, Instant midnight, List<Step> today) {
      if (day < m.registerDay) {
        return;
      }
      if (m.openComplaint.isPresent() && day == m.closeComplaintOn) {
        ServiceInteraction open = m.openComplaint.get();
        Instant at = at(midnight);
        InteractionOutcome outcome =
            random.nextBoolean() ? InteractionOutcome.RESOLVED : InteractionOutcome.UNRESOLVED;
        ServiceInteraction closed =
            open.withProcess(open.turnaroundTarget(), random.nextInt(3), random.nextInt(2), 0)
                .close(at, outcome);
        today.add(
            customerStep(at, m, "close " + open.id(), c -> c.engine().recordInteraction(closed)));
        m.openComplaint = Optional.empty();
      }
      boolean back =
          m.quickReturn
              && day >= m.pauseFrom
              && day < m.pauseTo
              && !m.days.isEmpty()
              && day == m.days.get(m.days.size() - 1) + 72;
      if (back) {
        m.pauseTo = day;
      } else if (random.nextInt(1000) >= m.visitChance(day) || day == m.registerDay) {
        return;
      }
      Instant at = at(midnight);
      String id = m.key("order");
      long basket = m.basketMinor();
      m.purchases.add(id);
      m.amounts.add(basket);
      m.returned.add(0L);
      m.days.add(day);
      today.add(
          customerStep(
              at,
              m,
              "purchase " + id,
              c ->
                  c.engine()
                      .recordPurchase(Purchase.of(id, m.id, at, Money.ofMinor("EUR", basket)))));
      int roll = random.nextInt(100);
      Instant later = at.plusSeconds(60 + random.nextInt(1800));
      if (m.persona == Persona.RETURNER && m.purchases.size() == 1) {
        m.returned.set(0, basket);
        String rid = m.key("return");
        today.add(
            customerStep(
                later,
                m,
                "return " + rid + " of " + id,
                c ->
                    c.engine()
                        .recordReturn(
                            Return.of(rid, m.id, later, id, Money.ofMinor("EUR", basket)))));
      } else if (roll < 15 && m.purchases.size() > 1) {
        // a return of an earlier purchase (big spenders return more, so they fall back a tier)
        int i = random.nextInt(m.purchases.size() - 1);
        long left = m.amounts.get(i) - m.returned.get(i);
        if (left > 0 && day - m.days.get(i) <= 60) {
          long part =
              m.persona == Persona.BIG_SPENDER || random.nextBoolean()
                  ? left
                  : 1 + random.nextInt((int) Math.min(left, Integer.MAX_VALUE));
          m.returned.set(i, m.returned.get(i) + part);
          String rid = m.key("return");
          String of = m.purchases.get(i);
          today.add(
              customerStep(
                  later,
                  m,
                  "return " + rid + " of " + of,
                  c ->
                      c.engine()
                          .recordReturn(
                              Return.of(rid, m.id, later, of, Money.ofMinor("EUR", part)))));
        }
      } else if (roll < 25) {
        String key = m.key("top-up");
        long amount = new long[] {3_000, 6_000, 12_000}[random.nextInt(3)];
        today.add(
            customerStep(
                later,
                m,
                "top-up " + key,
                c -> c.engine().topUp(IdempotencyKey.of(key), m.id, Money.ofMinor("EUR", amount))));
      } else if (roll < 37) {
        String key = m.key("spend");
        long amount = 500 + random.nextInt(7_500);
        today.add(
            customerStep(
                later,
                m,
                "spend " + key,
                c ->
                    c.engine()
                        .spend(
                            IdempotencyKey.of(key),
                            m.id,
                            Money.ofMinor("EUR", amount),
                            "treatment")));
      } else if (roll < 47) {
        String key = m.key("redeem");
        long points = 20 + random.nextInt(280);
        today.add(
            customerStep(
                later,
                m,
                "redeem " + key,
                c -> c.engine().redeem(IdempotencyKey.of(key), m.id, points, "reward")));
      } else if (roll < 50 && m.openComplaint.isEmpty()) {
        ServiceInteraction complaint =
            ServiceInteraction.open(
                    m.key("complaint"), m.id, InteractionKind.COMPLAINT, Channel.PHONE, later)
                .withProcess(Optional.of(Duration.ofHours(48)), 0, 0, 0);
        m.openComplaint = Optional.of(complaint);
        m.closeComplaintOn = day + 1 + random.nextInt(5);
        today.add(
            customerStep(
                later, m, "open " + complaint.id(), c -> c.engine().recordInteraction(complaint)));
      } else if (roll < 75) {
        // presents the oldest voucher it holds, if any is still valid
        String reference = id;
        today.add(
            customerStep(
                later,
                m,
                "voucher against " + reference,
                c -> redeemOldestVoucher(c.engine(), m.id, reference, later)));
      }
    }

    private static Object redeemOldestVoucher(
        CareEngine engine, CustomerId customer, String reference, Instant now) {
      for (Voucher v : engine.vouchers(customer)) {
        if (v.statusAt(now) == VoucherStatus.ACTIVE) {
          try {
            return engine.redeemVoucher(customer, v.code(), reference);
          } catch (VoucherNotRedeemableException e) {
            return "not redeemable: " + e.getMessage();
          }
        }
      }
      return "no voucher";
    }

    private Step customerStep(Instant at, Member m, String label, Action action) {
      return new Step(at, Kind.CUSTOMER, Optional.of(m.id), label, action);
    }

    private static Action advance() {
      return c -> c.engine().advanceTo(c.now());
    }

    private static Step segment(Instant at, String id, String text) {
      return new Step(
          at,
          Kind.SEGMENTS,
          Optional.empty(),
          "segment " + id,
          c -> c.engine().defineSegment(id, text));
    }

    private static Step campaign(Instant at, Campaign campaign, String run) {
      return new Step(
          at,
          Kind.SEGMENTS,
          Optional.empty(),
          "campaign " + campaign.id() + " " + run,
          c -> c.engine().runCampaign(campaign, run));
    }
  }
}
