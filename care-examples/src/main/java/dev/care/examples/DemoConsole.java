package dev.care.examples;

import dev.care.core.care.CareActionKind;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.rules.campaign.CampaignReport;
import dev.care.rules.campaign.CampaignVoucherReport;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's console summary: aligned tables, one format per kind of figure ({@link Fmt}), and a
 * one-line explanation under each figure a merchant might misread. Also the source of the
 * explanations the HTML report shows, so both say the same.
 */
final class DemoConsole {
  private DemoConsole() {}

  static final String OUTSTANDING_POINTS =
      "points members hold and may still redeem: the programme's points liability";
  static final String WALLET_PAID =
      "money members paid in and have not yet spent: owed to them in treatments";
  static final String WALLET_BONUS =
      "top-up bonus not yet spent: costs the salon only when spent, lapses at its expiry";
  static final String BREAKAGE = "top-up bonus that lapsed unspent (breakage): never owed again";
  static final String SERVICE_LEVELS =
      "service level = what a care action aims at: BASIC the transaction itself (e-bill),"
          + " SATISFACTORY friendly and polite, VALUE_ADDED something extra that need not have been"
          + " given, UNFORGETTABLE far beyond expectation";
  static final String INDEX =
      "satisfaction index 0-100 per member with a complaint or repair: 50 is neutral; it follows"
          + " the peak-end rule, so how the worst (or best) moment and the ending felt count most,"
          + " and older interactions fade (half-life)";
  static final String REFERRALS =
      "a referral is rewarded once, on the new member's first purchase of at least the"
          + " programme's minimum within its window after joining: points to both";
  static final String SURVEYS =
      "a survey carries a reply token: the answers come back through its link"
          + " (recordFeedback) or as a reply to the SMS (recordReply), and move the index";
  static final String TASKS =
      "overdue = left unfinished a day past its due time, so the nightly run escalated it;"
          + " the temperament is the one whose playbook the task carries";
  static final List<String> TASK_COLUMNS =
      List.of("temperament", "tasks", "done", "overdue", "overdue share", "open at the end");

  /**
   * The referral table's rows (members, points): who joined by referral, who referred, the rewards
   * and their split, the split's labels starting with {@code splitPrefix}.
   */
  static List<List<String>> referralRows(DemoFigures f, String splitPrefix) {
    return List.of(
        List.of("joined by a member's referral", Fmt.n(f.referred), ""),
        List.of("members who referred", Fmt.n(f.referrers), ""),
        List.of(
            "referrals rewarded",
            Fmt.n(f.referralsRewarded),
            Fmt.n(f.referralPointsReferrer + f.referralPointsFriend)),
        List.of(splitPrefix + " referrers", "", Fmt.n(f.referralPointsReferrer)),
        List.of(splitPrefix + " new members", "", Fmt.n(f.referralPointsFriend)));
  }

  /**
   * The at-risk table's rows: member, stage, P(alive), CLV, value at risk, why; most at risk first.
   */
  static List<List<String>> atRiskRows(DemoFigures f) {
    List<List<String>> rows = new ArrayList<>();
    for (DemoFigures.AtRisk a : f.atRisk) {
      rows.add(
          List.of(
              a.id().value(),
              a.stage().name(),
              Fmt.probability(a.probabilityAlive()),
              Fmt.money(a.lifetimeValue(), f.currency),
              Fmt.money(a.valueAtRisk(), f.currency),
              a.why()));
    }
    return rows;
  }

  /** The staff-task table's rows: one per temperament with tasks, then all. */
  static List<List<String>> taskRows(DemoFigures f) {
    List<List<String>> rows = new ArrayList<>();
    long[] all = new long[4];
    f.tasksByTemperament.forEach(
        (temperament, n) -> {
          for (int i = 0; i < all.length; i++) {
            all[i] += n[i];
          }
          if (n[0] > 0) {
            rows.add(taskRow(temperament, n));
          }
        });
    rows.add(taskRow("all tasks", all));
    return rows;
  }

  private static List<String> taskRow(String label, long[] n) {
    return List.of(
        label, Fmt.n(n[0]), Fmt.n(n[1]), Fmt.n(n[2]), Fmt.percent(n[2], n[0]), Fmt.n(n[3]));
  }

  static final String P_ALIVE =
      "P(alive) = the churn model's probability that the member still buys at all";
  static final String CLV =
      "CLV = spend expected from the member over the next 52 weeks, discounted at 10 % a year";
  static final String VALUE_AT_RISK =
      "value at risk = what the member would bring if still active, times the chance she has"
          + " gone: (1 - P(alive)) x CLV / P(alive); it ranks whom to call first";

  static void print(PrintStream out, DemoFigures f) {
    out.printf(
        Locale.ROOT,
        "%s events in %.1f s on %s%s%s%n",
        Fmt.n(f.events),
        f.seconds,
        Fmt.count(f.threads, "thread"),
        f.cpuSeconds
            .map(c -> String.format(Locale.ROOT, " (main thread's CPU %.1f s)", c))
            .orElse(""),
        f.phases.isEmpty() ? "" : ": " + f.phases);
    out.println();

    out.println("Members by life-cycle stage (at the end)");
    List<List<String>> rows = new ArrayList<>();
    for (LifecycleStage s : LifecycleStage.values()) {
      int n = f.stages.getOrDefault(s, 0);
      rows.add(List.of(s.name(), Fmt.n(n), Fmt.percent(n, f.members)));
    }
    rows.add(List.of("all members", Fmt.n(f.members), Fmt.percent(f.members, f.members)));
    lines(out, Fmt.table(2, List.of("stage", "members", "share"), rows));
    out.println();

    out.println("Members by tier (programme order)");
    rows = new ArrayList<>();
    for (Map.Entry<String, Integer> e : f.tiers.entrySet()) {
      rows.add(List.of(e.getKey(), Fmt.n(e.getValue()), Fmt.percent(e.getValue(), f.members)));
    }
    lines(out, Fmt.table(2, List.of("tier", "members", "share"), rows));
    out.println();

    out.println("Points");
    lines(
        out,
        Fmt.table(
            2,
            List.of("", "points"),
            List.of(
                List.of("issued", Fmt.n(f.pointsIssued)),
                List.of("redeemed", Fmt.n(f.pointsRedeemed)),
                List.of("expired", Fmt.n(f.pointsExpired)),
                List.of("outstanding", Fmt.n(f.pointsOutstanding)))));
    note(out, "outstanding: " + OUTSTANDING_POINTS);
    noExpiry(f).ifPresent(w -> note(out, w));
    out.println();

    out.println("Wallets (prepaid value)");
    lines(
        out,
        Fmt.table(
            2,
            List.of("", "amount"),
            List.of(
                List.of("paid in", Fmt.money(f.cashIn, f.currency)),
                List.of("spent", Fmt.money(f.cashIn - f.walletPaidOutstanding, f.currency)),
                List.of("liability: paid", Fmt.money(f.walletPaidOutstanding, f.currency)),
                List.of("liability: bonus", Fmt.money(f.walletBonusOutstanding, f.currency)),
                List.of("bonus lapsed", Fmt.money(f.walletBonusExpired, f.currency)))));
    note(out, "liability: paid = " + WALLET_PAID);
    note(out, "liability: bonus = " + WALLET_BONUS);
    note(out, "bonus lapsed = " + BREAKAGE);
    out.println();

    out.println("Referrals");
    lines(out, Fmt.table(2, List.of("", "members", "points"), referralRows(f, "  to the")));
    note(out, REFERRALS);
    out.println();

    out.println("Care actions planned by the engine");
    rows = new ArrayList<>();
    for (CareActionKind k : CareActionKind.values()) {
      int n = f.actionsByKind.getOrDefault(k, 0);
      if (n > 0) {
        rows.add(List.of(k.name(), Fmt.n(n)));
      }
    }
    lines(out, Fmt.table(2, List.of("kind", "actions"), rows));
    rows = new ArrayList<>();
    for (ServiceLevel l : ServiceLevel.values()) {
      rows.add(List.of(l.name(), Fmt.n(f.actionsByLevel.getOrDefault(l, 0))));
    }
    lines(out, Fmt.table(2, List.of("service level", "actions"), rows));
    note(out, SERVICE_LEVELS);
    out.println();

    out.println("Staff tasks by temperament (two staff working the queue daily)");
    lines(out, Fmt.table(2, TASK_COLUMNS, taskRows(f)));
    note(out, TASKS);
    out.println();

    out.println("Messages");
    out.println("  delivered to members      " + Fmt.n(f.messagesDelivered));
    out.println("  not sent (no consent)     " + Fmt.n(f.notSentNoConsent));
    out.println("  waiting at the end        " + waiting(f));
    out.println(
        "  events published          "
            + Fmt.n(f.ledgerEvents)
            + " ledger, "
            + Fmt.n(f.careEvents)
            + " care");
    out.println();

    out.println("Complaints and satisfaction");
    out.println(
        "  complaints and repairs    "
            + Fmt.n(f.complaintsOpened)
            + " opened, "
            + Fmt.n(f.complaintsClosed)
            + " closed, "
            + Fmt.n(f.complaintsOpen)
            + " still open at the end");
    rows = new ArrayList<>();
    for (int i = 0; i < DemoFigures.BUCKETS; i++) {
      rows.add(List.of(bucket(i), Fmt.n(f.satisfaction[i])));
    }
    lines(out, Fmt.table(2, List.of("index", "members"), rows));
    out.println(
        "  "
            + Fmt.count(f.withInteractions, "member")
            + " with an index, mean "
            + Fmt.index(f.meanIndex));
    note(out, INDEX);
    out.println(
        "  satisfaction surveys      "
            + Fmt.n(f.surveysPlanned)
            + " planned, "
            + Fmt.n(f.surveysSent)
            + " sent on a channel the member allows");
    out.println(
        "  answered                  "
            + Fmt.n(f.answeredByLink + f.answeredBySms)
            + " ("
            + Fmt.n(f.answeredByLink)
            + " through the link, "
            + Fmt.n(f.answeredBySms)
            + " by SMS reply): response rate "
            + Fmt.percent(f.answeredByLink + f.answeredBySms, f.surveysSent)
            + " of those sent");
    note(out, SURVEYS);
    out.println("  mean index at month end   " + meanIndexLine(f));
    factors(out, "dissatisfiers seen most", f.dissatisfiers, f);
    factors(out, "satisfiers seen most", f.satisfiers, f);
    out.println();

    out.println("Segments at the end");
    rows = new ArrayList<>();
    for (var e : f.segments.entrySet()) {
      rows.add(List.of(e.getKey(), Fmt.n(e.getValue()), f.segmentDefinitions.get(e.getKey())));
    }
    lines(out, Fmt.table(2, List.of("segment", "members", "definition"), rows));
    out.println();

    if (f.campaign.isPresent()) {
      CampaignReport r = f.campaign.get();
      CampaignVoucherReport v = f.campaignVouchers.orElseThrow();
      out.println("Campaign " + r.campaignId() + " (" + r.runKey() + ")");
      lines(out, Fmt.table(2, List.of("step", "members"), funnel(r, v)));
      note(
          out,
          "not sent: "
              + Fmt.n(r.suppressedNoConsent())
              + " without consent, "
              + Fmt.n(r.suppressedOpenComplaint())
              + " with a complaint open; vouchers expired unused "
              + Fmt.n(v.expired())
              + ", still valid "
              + Fmt.n(v.active()));
      out.println();
    }

    if (f.churnModel.isPresent()) {
      out.println("Members most at risk (" + f.churnModel.get() + ")");
      for (String w : f.churnWarnings) {
        out.println("  WARNING: " + w);
      }
      lines(
          out,
          Fmt.table(
              2,
              List.of("member", "stage", "P(alive)", "CLV", "value at risk", "why"),
              atRiskRows(f)));
      note(out, P_ALIVE);
      note(out, CLV);
      note(out, VALUE_AT_RISK);
    }
  }

  /** The campaign's funnel: targeted, sent, redeemed. */
  static List<List<String>> funnel(CampaignReport r, CampaignVoucherReport v) {
    return List.of(
        List.of("targeted (in the segment)", Fmt.n(r.targeted())),
        List.of("sent an e-voucher", Fmt.n(r.enqueued())),
        List.of("redeemed it", Fmt.n(v.redeemed())));
  }

  /** Why no point expired, when none did and the run was too short for any to. */
  static java.util.Optional<String> noExpiry(DemoFigures f) {
    if (f.pointsExpired != 0
        || f.firstPurchase.isEmpty()
        || f.firstPurchase.get().plus(f.pointsLifetime).isBefore(f.end)) {
      return java.util.Optional.empty();
    }
    LocalDate first =
        f.firstPurchase.get().plus(f.pointsLifetime).atZone(ZoneOffset.UTC).toLocalDate();
    return java.util.Optional.of(
        "expired: none yet; points live "
            + Fmt.count(f.pointsLifetime.toDays(), "day")
            + ", so the first ones earned expire around "
            + first
            + ", after this run ends (--months 24 shows expiry)");
  }

  /** The mean satisfaction index at each month end, e.g. "2026-01 48.2, 2026-02 51.0". */
  static String meanIndexLine(DemoFigures f) {
    List<String> parts = new ArrayList<>();
    f.meanIndexByMonth.forEach(
        (m, v) ->
            parts.add(m + " " + (f.withIndexByMonth.getOrDefault(m, 0) == 0 ? "-" : Fmt.index(v))));
    return String.join(", ", parts);
  }

  static String bucket(int i) {
    return i * 10 + "-" + (i == DemoFigures.BUCKETS - 1 ? 100 : i * 10 + 9);
  }

  static String waiting(DemoFigures f) {
    if (f.waiting.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    f.waiting.forEach((why, n) -> parts.add(Fmt.n(n) + " " + why));
    return String.join(", ", parts);
  }

  private static void factors(
      PrintStream out, String title, Map<String, Integer> seen, DemoFigures f) {
    List<String> top = new ArrayList<>();
    seen.entrySet().stream()
        .limit(3)
        .forEach(
            e ->
                top.add(
                    f.factorNames.getOrDefault(e.getKey(), e.getKey())
                        + " "
                        + Fmt.n(e.getValue())));
    if (!top.isEmpty()) {
      out.println("  " + title + ": " + String.join("; ", top));
    }
  }

  private static void note(PrintStream out, String text) {
    out.println("  (" + text + ")");
  }

  private static void lines(PrintStream out, List<String> lines) {
    lines.forEach(out::println);
  }
}
