package dev.care.examples;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.AccountType;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Ledger;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.FactorKind;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.SatisfactionIndex;
import dev.care.core.satisfaction.SatisfactionIndexPolicy;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.rules.analytics.BgNbdFit;
import dev.care.rules.analytics.BgNbdFitter;
import dev.care.rules.analytics.CustomerSummaries;
import dev.care.rules.analytics.CustomerSummary;
import dev.care.rules.analytics.CustomerValuation;
import dev.care.rules.analytics.GammaGammaFit;
import dev.care.rules.analytics.GammaGammaFitter;
import dev.care.rules.analytics.PeriodUnit;
import dev.care.rules.analytics.Transaction;
import dev.care.rules.campaign.CampaignReport;
import dev.care.rules.campaign.CampaignVoucherReport;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.TierLevel;
import dev.care.storage.CareStorage;
import dev.care.storage.outbox.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every figure the demo's console summary and HTML report show, gathered once at the end of the run
 * in one pass over the members (so both show the same numbers, and the PostgreSQL run reads each
 * member's records once).
 */
final class DemoFigures {
  /** How many members the at-risk table lists. */
  static final int AT_RISK_SHOWN = 8;

  /** The task group of tasks without a temperament's playbook. */
  static final String NO_TEMPERAMENT = "none recorded";

  /** Index buckets of the satisfaction histogram: 0-9, 10-19, ... 90-100. */
  static final int BUCKETS = 10;

  int members;
  int months;
  long seed;
  String store = "";
  int events;
  double seconds;

  /** CPU time of the thread that ran the simulation, when the JVM measures it. */
  Optional<Double> cpuSeconds = Optional.empty();

  /** How many threads applied the members' events ({@code --threads}). */
  int threads = 1;

  /** Wall time by part of the run ({@link Demo.Phases#summary}), for the timing line. */
  String phases = "";

  Instant end = Instant.EPOCH;
  Currency currency = Currency.getInstance("EUR");

  final Map<LifecycleStage, Integer> stages = new EnumMap<>(LifecycleStage.class);

  /** Members per tier, in the programme's order (lowest first). */
  final Map<String, Integer> tiers = new LinkedHashMap<>();

  long pointsIssued;
  long pointsRedeemed;
  long pointsExpired;
  long pointsOutstanding;

  /** How long a points lot lives, from the programme. */
  Duration pointsLifetime = Duration.ZERO;

  /** The earliest purchase of the run (its points are the first that can expire). */
  Optional<Instant> firstPurchase = Optional.empty();

  long cashIn;
  long walletPaidOutstanding;
  long walletBonusOutstanding;
  long walletBonusExpired;

  final Map<CareActionKind, Integer> actionsByKind = new EnumMap<>(CareActionKind.class);
  final Map<ServiceLevel, Integer> actionsByLevel = new EnumMap<>(ServiceLevel.class);

  /** Care actions due in each simulated month, by service level (later ones not counted). */
  final TreeMap<YearMonth, Map<ServiceLevel, Integer>> actionsByMonth = new TreeMap<>();

  long messagesDelivered;
  long ledgerEvents;
  long careEvents;
  long notSentNoConsent;
  final Map<String, Integer> waiting = new TreeMap<>();

  /** Satisfaction surveys the engine planned, and those on a channel the member allows. */
  long surveysPlanned;

  long surveysSent;

  /** Surveys answered through their link (by reply token), and by a reply to the SMS. */
  int answeredByLink;

  int answeredBySms;

  /** Mean satisfaction index at each month end, of the members with one (and how many). */
  final TreeMap<YearMonth, Double> meanIndexByMonth = new TreeMap<>();

  final TreeMap<YearMonth, Integer> withIndexByMonth = new TreeMap<>();

  /**
   * Staff tasks by the temperament of their playbook ("none recorded" without one): planned, done,
   * overdue (escalated by the nightly run), still unfinished at the end.
   */
  final Map<String, long[]> tasksByTemperament = new LinkedHashMap<>();

  int complaintsOpened;
  int complaintsClosed;
  int complaintsOpen;
  final int[] satisfaction = new int[BUCKETS];
  int withInteractions;
  double meanIndex;

  /** Factor code to how often it was observed, most often first. */
  final Map<String, Integer> satisfiers = new LinkedHashMap<>();

  final Map<String, Integer> dissatisfiers = new LinkedHashMap<>();
  final Map<String, String> factorNames = new HashMap<>();

  /** Members registered with a referrer ({@code CareEngine.register(customer, referrer)}). */
  int referred;

  /** Distinct members who referred at least one of them. */
  int referrers;

  /** Referrals rewarded (the friend's first qualifying purchase came within the window). */
  int referralsRewarded;

  /** Points posted by the rules {@code earning.referral.referrer} and {@code .friend}, net. */
  long referralPointsReferrer;

  long referralPointsFriend;

  final Map<String, Integer> segments = new LinkedHashMap<>();
  final Map<String, String> segmentDefinitions = new LinkedHashMap<>();

  Optional<CampaignReport> campaign = Optional.empty();
  Optional<CampaignVoucherReport> campaignVouchers = Optional.empty();

  /** The churn-model fit, when there were purchases. */
  Optional<String> churnModel = Optional.empty();

  final List<String> churnWarnings = new ArrayList<>();
  final List<AtRisk> atRisk = new ArrayList<>();

  /**
   * One member worth a win-back call.
   *
   * @param id the member
   * @param stage the life-cycle stage at the end
   * @param daysSinceVisit days since the last purchase
   * @param usualGapDays the member's mean days between purchases
   * @param probabilityAlive P(alive)
   * @param lifetimeValue CLV over 52 weeks, minor units
   * @param valueAtRisk value at risk, minor units
   * @param openComplaint whether a complaint is open
   * @param index the satisfaction index, if any interaction
   */
  record AtRisk(
      CustomerId id,
      LifecycleStage stage,
      long daysSinceVisit,
      long usualGapDays,
      double probabilityAlive,
      long lifetimeValue,
      long valueAtRisk,
      boolean openComplaint,
      Optional<Double> index) {

    /** Why this member is listed, in words. */
    String why() {
      List<String> reasons = new ArrayList<>();
      reasons.add(
          "no visit for "
              + Fmt.count(daysSinceVisit, "day")
              + " (usually every "
              + Fmt.count(usualGapDays, "day")
              + ")");
      if (openComplaint) {
        reasons.add("complaint open");
      }
      index
          .filter(i -> i < 50)
          .ifPresent(i -> reasons.add("dissatisfied (index " + (int) Math.round(i) + ")"));
      return String.join("; ", reasons);
    }
  }

  private DemoFigures() {}

  /**
   * Gathers the figures at the end of a run.
   *
   * @param engine the engine
   * @param storage its store
   * @param ids every member, in joining order
   * @param stats the monthly snapshots and dispatcher counts
   * @param campaign the campaign run, if the run reached its month
   * @return the figures
   */
  static DemoFigures collect(
      CareEngine engine,
      CareStorage storage,
      List<CustomerId> ids,
      Demo.Stats stats,
      Optional<CampaignReport> campaign,
      EventWorkers threads) {
    DemoFigures f = new DemoFigures();
    LoyaltyProgram program = engine.program();
    ZoneId zone = program.zone();
    f.currency = program.currency();
    f.members = ids.size();
    f.stages.putAll(stats.stages.lastEntry().getValue());
    for (TierLevel level : program.tiers().levels()) {
      f.tiers.put(level.id().toString(), 0);
    }
    f.pointsLifetime = program.points().lotLifetime();
    stats.stages.keySet().forEach(m -> f.actionsByMonth.put(m, new EnumMap<>(ServiceLevel.class)));

    // the programme's accounts, from one view of every member's ledger
    Ledger view = engine.ledger().view(ids);
    f.end = view.time();
    Asset money = Asset.money(f.currency);
    f.pointsIssued =
        -view.balance(AccountId.program(AccountType.ISSUED, Asset.POINTS))
            - view.balance(AccountId.program(AccountType.PROMOTIONAL_FUNDING, Asset.POINTS));
    f.pointsRedeemed = view.balance(AccountId.program(AccountType.REDEEMED, Asset.POINTS));
    f.pointsExpired = view.balance(AccountId.program(AccountType.EXPIRED, Asset.POINTS));
    f.pointsOutstanding = stats.pointsLiability.lastEntry().getValue();
    var liability = view.liability(f.currency, Instant.MIN, Instant.MAX);
    f.walletPaidOutstanding = liability.outstandingPaid().minorUnits();
    f.walletBonusOutstanding = liability.outstandingBonus().minorUnits();
    f.walletBonusExpired = liability.expiredBonus().minorUnits();
    f.cashIn = -view.balance(AccountId.program(AccountType.CASH_IN, money));
    referralPoints(f, view);

    SatisfactionIndexPolicy sip = SatisfactionIndexPolicy.defaults();
    FactorCatalogue catalogue = FactorCatalogue.defaults();
    catalogue.all().forEach(c -> f.factorNames.put(c.code(), c.description()));
    Map<String, Integer> satisfiers = new HashMap<>();
    Map<String, Integer> dissatisfiers = new HashMap<>();
    Map<CustomerId, Double> indexOf = new HashMap<>();
    Map<CustomerId, Boolean> openOf = new HashMap<>();
    List<Transaction> purchases = new ArrayList<>();
    Map<CustomerId, LocalDate> lastVisit = new HashMap<>();
    double indexSum = 0;
    java.util.Set<CustomerId> referrers = new java.util.HashSet<>();
    var playbooks = dev.care.core.satisfaction.Playbooks.defaults();
    for (var t : dev.care.core.satisfaction.Temperament.values()) {
      f.tasksByTemperament.put(t.name(), new long[4]);
    }
    f.tasksByTemperament.put(NO_TEMPERAMENT, new long[4]);
    // each member's files read on several threads, folded below in the members' order
    List<MemberFiles> files =
        threads.map(
            ids,
            id ->
                new MemberFiles(
                    id,
                    engine.referrer(id),
                    engine.careTasks(id),
                    engine.tier(id),
                    engine.careActions(id),
                    storage.interactions(id),
                    storage.consumption(id)));
    for (MemberFiles member : files) {
      CustomerId id = member.id();
      Optional<CustomerId> referrer = member.referrer();
      if (referrer.isPresent()) {
        f.referred++;
        referrers.add(referrer.get());
      }
      for (dev.care.core.care.CareTask t : member.tasks()) {
        String temperament = NO_TEMPERAMENT;
        for (var tm : dev.care.core.satisfaction.Temperament.values()) {
          if (t.playbook().equals(Optional.of(playbooks.forTemperament(tm)))) {
            temperament = tm.name();
          }
        }
        long[] n = f.tasksByTemperament.get(temperament);
        n[0]++;
        if (t.status() == dev.care.core.care.TaskStatus.DONE) {
          n[1]++;
        }
        if (t.escalatedAt().isPresent()) {
          n[2]++;
        }
        if (t.status() == dev.care.core.care.TaskStatus.OPEN
            || t.status() == dev.care.core.care.TaskStatus.ASSIGNED) {
          n[3]++;
        }
      }
      member.tier().map(TierId::toString).ifPresent(t -> f.tiers.merge(t, 1, Integer::sum));
      for (CareAction a : member.actions()) {
        f.actionsByKind.merge(a.kind(), 1, Integer::sum);
        f.actionsByLevel.merge(a.targetLevel(), 1, Integer::sum);
        Map<ServiceLevel, Integer> month = f.actionsByMonth.get(utcMonth(a.due()));
        if (month != null) {
          month.merge(a.targetLevel(), 1, Integer::sum);
        }
      }
      List<ServiceInteraction> interactions = member.interactions();
      for (ServiceInteraction i : interactions) {
        if (i.kind() == dev.care.core.satisfaction.InteractionKind.FEEDBACK) {
          // the survey answers the demo recorded (recordFeedback ids them feedback/, recordReply
          // reply/): they count in the index, not as complaints
          if (i.id().startsWith("reply/")) {
            f.answeredBySms++;
          } else {
            f.answeredByLink++;
          }
          continue;
        }
        f.complaintsOpened++;
        if (i.isOpen()) {
          f.complaintsOpen++;
          openOf.put(id, true);
        } else {
          f.complaintsClosed++;
        }
        for (ObservedFactor o : i.observedFactors()) {
          boolean dissatisfier =
              catalogue.find(o.code()).map(c -> c.kind() == FactorKind.DISSATISFIER).orElse(false);
          (dissatisfier ? dissatisfiers : satisfiers).merge(o.code(), 1, Integer::sum);
        }
      }
      Optional<SatisfactionIndex> index = sip.compute(interactions, catalogue, f.end);
      if (index.isPresent()) {
        double v = index.get().value();
        f.satisfaction[Math.min(BUCKETS - 1, (int) (v / 10))]++;
        f.withInteractions++;
        indexSum += v;
        indexOf.put(id, v);
      }
      for (ConsumptionRecord r : member.consumption()) {
        if (r instanceof Purchase p) {
          LocalDate day = LocalDate.ofInstant(p.at(), zone);
          purchases.add(Transaction.of(id, day, p.amount()));
          lastVisit.merge(id, day, (a, b) -> a.isAfter(b) ? a : b);
          if (f.firstPurchase.isEmpty() || p.at().isBefore(f.firstPurchase.get())) {
            f.firstPurchase = Optional.of(p.at());
          }
        }
      }
    }
    f.referrers = referrers.size();
    f.surveysPlanned = stats.surveysPlanned;
    f.surveysSent = stats.surveysSent;
    f.meanIndexByMonth.putAll(stats.meanIndex);
    f.withIndexByMonth.putAll(stats.withIndex);
    f.meanIndex = f.withInteractions == 0 ? 0 : indexSum / f.withInteractions;
    mostSeen(satisfiers, f.satisfiers);
    mostSeen(dissatisfiers, f.dissatisfiers);

    f.messagesDelivered = stats.delivered - stats.published - stats.careEvents;
    f.ledgerEvents = stats.published;
    f.careEvents = stats.careEvents;
    f.notSentNoConsent = stats.suppressed;
    for (var m : storage.messages(DeliveryStatus.PENDING)) {
      f.waiting.merge(
          m.lastError().map(e -> e.replaceAll(" [0-9].*", "")).orElse("scheduled later"),
          1,
          Integer::sum);
    }

    Demo.SEGMENTS.forEach(
        (id, definition) -> {
          f.segments.put(id, engine.segmentCount(id));
          f.segmentDefinitions.put(id, definition);
        });
    f.campaign = campaign;
    f.campaignVouchers = campaign.map(r -> engine.campaignReport(r.campaignId()));

    atRisk(f, purchases, lastVisit, indexOf, openOf, engine, zone);
    return f;
  }

  /** What the closing figures read of one member. */
  private record MemberFiles(
      CustomerId id,
      Optional<CustomerId> referrer,
      List<dev.care.core.care.CareTask> tasks,
      Optional<TierId> tier,
      List<CareAction> actions,
      List<ServiceInteraction> interactions,
      List<ConsumptionRecord> consumption) {}

  /**
   * The referral rewards from the journal: the postings whose rule is the programme's {@code
   * earning.referral.referrer} or {@code earning.referral.friend}, summed on the members' points
   * accounts (so a reversal counts against its posting).
   */
  /**
   * The UTC month of an instant, by arithmetic on its epoch day (in this JDK a zone offset builds
   * new zone rules on each conversion, and this runs for every care action).
   */
  static YearMonth utcMonth(Instant at) {
    return YearMonth.from(LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), 86_400L)));
  }

  private static void referralPoints(DemoFigures f, Ledger view) {
    for (dev.care.core.ledger.Transaction t : view.journal()) {
      for (dev.care.core.ledger.Posting p : t.postings()) {
        String rule = p.context().rule().orElse("");
        boolean referrer = rule.endsWith("/earning.referral.referrer");
        boolean friend = rule.endsWith("/earning.referral.friend");
        if (!(referrer || friend) || !p.asset().equals(Asset.POINTS)) {
          continue;
        }
        long points = 0;
        for (dev.care.core.ledger.Entry e : p.entries()) {
          if (e.account().owner().isPresent()) {
            points += e.amount();
          }
        }
        if (referrer) {
          f.referralPointsReferrer += points;
        } else {
          f.referralPointsFriend += points;
          if (p.kind() != dev.care.core.ledger.PostingKind.REVERSAL) {
            f.referralsRewarded++;
          }
        }
      }
    }
  }

  private static void mostSeen(Map<String, Integer> counts, Map<String, Integer> into) {
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> into.put(e.getKey(), e.getValue()));
  }

  /**
   * The members most worth a win-back call: BG/NBD and Gamma-Gamma fitted on the run's purchases
   * (weeks), ranked by value at risk over the next 52 weeks at 10 % a year.
   */
  private static void atRisk(
      DemoFigures f,
      List<Transaction> purchases,
      Map<CustomerId, LocalDate> lastVisit,
      Map<CustomerId, Double> indexOf,
      Map<CustomerId, Boolean> openOf,
      CareEngine engine,
      ZoneId zone) {
    if (purchases.isEmpty()) {
      return;
    }
    LocalDate endDay = f.end.atZone(zone).toLocalDate();
    List<CustomerSummary> summaries = CustomerSummaries.of(purchases, endDay, PeriodUnit.WEEKS);
    BgNbdFit bg = BgNbdFitter.defaults().fit(summaries);
    GammaGammaFit gg = GammaGammaFitter.defaults().fit(summaries);
    f.churnModel =
        Optional.of(
            String.format(
                java.util.Locale.ROOT,
                "BG/NBD r=%.3f alpha=%.3f a=%.3f b=%.3f; Gamma-Gamma p=%.3f q=%.3f",
                bg.model().r(),
                bg.model().alpha(),
                bg.model().a(),
                bg.model().b(),
                gg.model().p(),
                gg.model().q()));
    List<String> warnings = Analyze.warnings(bg, gg);
    if (!warnings.isEmpty()) {
      // Analyze's warnings, one line for the demo: which parameters, and what it means
      List<String> which = new ArrayList<>();
      for (String w : warnings) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("the (\\S+) fit is degenerate: (\\w+) =").matcher(w);
        which.add(m.find() ? m.group(1) + " " + m.group(2) : w.replaceFirst("^the ", ""));
      }
      f.churnWarnings.add(
          "the churn model's fit is degenerate on this run ("
              + String.join(", ", which)
              + " at the edge of the search: too few members or repeat purchases to identify"
              + " it); do not act on the P(alive), CLV and value at risk below");
    }
    Map<CustomerId, CustomerSummary> byId = new HashMap<>();
    summaries.forEach(s -> byId.put(s.customerId(), s));
    List<CustomerValuation> ranked =
        CustomerValuation.rankByValueAtRisk(
            bg.model(), gg.model(), summaries, 52, Math.pow(1.10, 7 / 365.0) - 1);
    for (CustomerValuation v : ranked.subList(0, Math.min(AT_RISK_SHOWN, ranked.size()))) {
      CustomerSummary s = byId.get(v.customerId());
      long span = ChronoUnit.DAYS.between(s.firstPurchase(), s.lastPurchase());
      f.atRisk.add(
          new AtRisk(
              v.customerId(),
              engine.stage(v.customerId()),
              ChronoUnit.DAYS.between(lastVisit.get(v.customerId()), endDay),
              Math.max(1, Math.round((double) span / Math.max(1, s.frequency()))),
              v.probabilityAlive(),
              Math.round(v.lifetimeValue()),
              Math.round(v.valueAtRisk()),
              openOf.getOrDefault(v.customerId(), false),
              Optional.ofNullable(indexOf.get(v.customerId()))));
    }
  }
}
