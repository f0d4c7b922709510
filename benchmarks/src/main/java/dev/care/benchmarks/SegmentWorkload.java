package dev.care.benchmarks;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerType;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentSchema;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The shared workload: 50 segment definitions of mixed selectivity (from ~0.1% to ~95% of the
 * population; many share conditions, as real marketing segments do) and a synthetic population
 * drawn from a fixed seed. Every engine in the benchmarks evaluates exactly these.
 */
public final class SegmentWorkload {
  /** The evaluation date. */
  public static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  /** Population seed. */
  public static final long SEED = 20261123L;

  /** The tags the population carries, with their frequency. */
  static final String[] TAGS = {
    "vip", "staff", "newsletter", "app-user", "student", "wedding", "referrer", "b2b", "eco", "pet"
  };

  private static final double[] TAG_P = {0.02, 0.005, 0.3, 0.4, 0.05, 0.01, 0.08, 0.03, 0.15, 0.2};

  private static final String[][] DEFINITIONS = {
    {"lapsed-gold", "tier in (GOLD, PLATINUM) and recencyDays > 60 and frequency >= 3"},
    {"vip-or-birthday", "not hasTag(vip) or birthdayWithin 7 days"},
    {"birthday-week-email", "birthdayWithin 7 days and consent(EMAIL)"},
    {"birthday-month-sms", "birthdayWithin 30 days and consent(SMS)"},
    {"at-risk", "pAlive < 300 and frequency >= 2"},
    {"champions", "rfmR >= 4 and rfmF >= 4 and rfmM >= 4"},
    {"loyal", "rfmF >= 4 and rfmR >= 3"},
    {"hibernating", "rfmR <= 2 and rfmF <= 2"},
    {"new-customers", "tenureDays <= 30"},
    {"win-back", "lifecycleStage = LAPSED and consent(EMAIL)"},
    {"complainers", "openComplaints > 0"},
    {"unhappy-vip", "hasTag(vip) and satisfactionIndex < 50"},
    {
      "service-recovery",
      "openComplaints > 0 and satisfactionIndex < 40 and tier in (GOLD, PLATINUM)"
    },
    {"high-spenders", "monetary > 200000"},
    {"points-rich", "pointsBalance >= 10000"},
    {"points-rich-inactive", "pointsBalance >= 5000 and recencyDays > 90"},
    {"silver-upsell", "tier = SILVER and monetary between 80000 and 120000"},
    {"bronze-upsell", "tier = BRONZE and frequency between 5 and 8"},
    {"no-tier-active", "tier = NONE and recencyDays <= 30"},
    {"dormant", "recencyDays > 365"},
    {"prospects", "lifecycleStage = PROSPECT"},
    {"app-push", "hasTag(app-user) and consent(PUSH)"},
    {"newsletter-no-email", "hasTag(newsletter) and not consent(EMAIL)"},
    {"students", "hasTag(student) and tenureDays < 365"},
    {"staff", "hasTag(staff)"},
    {"mature-happy", "lifecycleStage = MATURE and satisfactionIndex >= 80"},
    {"declining", "lifecycleStage in (DECLINING, LAPSED) and pAlive between 200 and 600"},
    {"competitor-users", "customerType = COMPETITOR_USER and consent(EMAIL)"},
    {"dissatisfied", "customerType = DISSATISFIED or satisfactionIndex < 20"},
    {"under-users", "customerType = UNDER_USER and frequency < 3"},
    {"recent-big", "recencyDays <= 14 and monetary > 100000"},
    {"reactivated", "lifecycleStage = WON_BACK and recencyDays <= 60"},
    {"growing-no-sms", "lifecycleStage = GROWING and not consent(SMS)"},
    {"phone-only", "consent(PHONE) and not consent(EMAIL) and not consent(SMS)"},
    {"mail-catalogue", "consent(MAIL) and tier in (SILVER, GOLD, PLATINUM) and monetary > 50000"},
    {"anniversary", "tenureDays between 360 and 370"},
    {"frequent-low-value", "frequency >= 10 and monetary < 20000"},
    {"one-timers", "frequency = 1 and recencyDays > 30"},
    {"platinum", "tier = PLATINUM"},
    {"gold-happy-email", "tier = GOLD and satisfactionIndex >= 70 and consent(EMAIL)"},
    {"churn-risk-high-value", "pAlive < 400 and rfmM = 5"},
    {"rfm-mid", "rfmR = 3 and rfmF = 3"},
    {
      "reward-ready", "pointsBalance between 2000 and 5000 and consent(EMAIL) and recencyDays <= 90"
    },
    {"cross-channel", "consent(EMAIL) and consent(SMS) and consent(PUSH)"},
    {"quiet-vip", "hasTag(vip) and recencyDays > 45"},
    {"not-contactable", "not (consent(EMAIL) or consent(SMS) or consent(PUSH) or consent(MAIL))"},
    {"interested", "customerType in (INTERESTED_UNDECIDED, CASUAL_ONLOOKER) and tenureDays <= 90"},
    {"birthday-today", "birthdayWithin 0 days"},
    {"active-recent", "customerType = ACTIVE and recencyDays <= 30 and frequency >= 3"},
    {"engaged", "recencyDays <= 180 or pAlive >= 700"},
  };

  private SegmentWorkload() {}

  /**
   * The schema (standard tiers).
   *
   * @return the schema
   */
  public static SegmentSchema schema() {
    return SegmentSchema.standard();
  }

  /**
   * The 50 definitions.
   *
   * @return the definitions
   */
  public static List<SegmentDefinition> definitions() {
    List<SegmentDefinition> out = new ArrayList<>();
    for (String[] d : DEFINITIONS) {
      out.add(SegmentDefinition.parse(d[0], d[0], d[1]));
    }
    return out;
  }

  /**
   * The synthetic population.
   *
   * @param n customers
   * @param seed random seed
   * @return the customers, index = position
   */
  public static List<CustomerAttributes> population(int n, long seed) {
    Random r = new Random(seed);
    List<CustomerAttributes> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(customer(r));
    }
    return out;
  }

  private static final String[] TIERS = {"NONE", "BRONZE", "SILVER", "GOLD", "PLATINUM"};
  private static final double[] TIER_P = {0.40, 0.25, 0.18, 0.12, 0.05};

  /**
   * One random customer.
   *
   * @param r the source
   * @return the customer
   */
  public static CustomerAttributes customer(Random r) {
    CustomerAttributes.Builder b = CustomerAttributes.builder();
    if (r.nextDouble() < 0.9) {
      b.lastPurchase(TODAY.minusDays((long) Math.min(1500, -Math.log(1 - r.nextDouble()) * 150)));
    }
    b.enrolled(TODAY.minusDays(r.nextInt(3650)));
    int freq = (int) Math.min(60, -Math.log(1 - r.nextDouble()) * 5);
    b.frequency(freq)
        .monetary((long) (r.nextDouble() * r.nextDouble() * 400_000))
        .pointsBalance(r.nextInt(20_000))
        .satisfactionIndex(r.nextInt(101))
        .openComplaints(r.nextDouble() < 0.9 ? 0 : 1 + r.nextInt(3))
        .rfm(1 + r.nextInt(5), 1 + r.nextInt(5), 1 + r.nextInt(5))
        .pAlive(r.nextInt(1001));
    double t = r.nextDouble();
    int tier = 0;
    while (tier < TIERS.length - 1 && t >= TIER_P[tier]) {
      t -= TIER_P[tier];
      tier++;
    }
    b.tier(TIERS[tier])
        .lifecycleStage(LifecycleStage.values()[r.nextInt(LifecycleStage.values().length)])
        .customerType(CustomerType.values()[r.nextInt(CustomerType.values().length)]);
    Set<String> tags = new HashSet<>();
    for (int k = 0; k < TAGS.length; k++) {
      if (r.nextDouble() < TAG_P[k]) {
        tags.add(TAGS[k]);
      }
    }
    b.tags(tags);
    Set<Channel> cs = EnumSet.noneOf(Channel.class);
    for (Channel c : Channel.values()) {
      if (r.nextDouble() < 0.3 + 0.08 * c.ordinal()) {
        cs.add(c);
      }
    }
    b.consents(cs);
    if (r.nextDouble() < 0.85) {
      b.birthday(MonthDay.from(LocalDate.ofYearDay(2000, 1 + r.nextInt(366))));
    }
    return b.build();
  }

  /**
   * A changed version of a customer, as after a purchase or a profile edit.
   *
   * @param r the source
   * @param c the customer
   * @return the changed attributes
   */
  public static CustomerAttributes mutate(Random r, CustomerAttributes c) {
    CustomerAttributes fresh = customer(r);
    CustomerAttributes.Builder b = c.toBuilder();
    switch (r.nextInt(4)) {
      case 0 ->
          b.lastPurchase(TODAY)
              .frequency(Math.min(c.frequency() + 1, 1000))
              .monetary(c.monetary() + 4500)
              .pointsBalance(c.pointsBalance() + 45);
      case 1 -> b.tier(fresh.tier()).lifecycleStage(fresh.lifecycleStage());
      case 2 ->
          b.satisfactionIndex(fresh.satisfactionIndex())
              .openComplaints(fresh.openComplaints())
              .consents(fresh.consents());
      default ->
          b.rfm(fresh.rfmR(), fresh.rfmF(), fresh.rfmM()).pAlive(fresh.pAlive()).tags(fresh.tags());
    }
    return b.build();
  }
}
