package dev.care.examples;

import dev.care.core.care.CareActionKind;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.examples.report.HtmlReport;
import dev.care.examples.report.Series;
import dev.care.examples.report.Svg;
import dev.care.examples.report.Tile;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's HTML report for a merchant: KPI tiles, then charts each with a caption saying what to
 * look at, then tables (members most at risk and why, the campaign's funnel, the factors seen most,
 * the programme's accounts). Shows only what the run produced: a section without data is left out.
 */
final class DemoReport {
  private DemoReport() {}

  static String render(DemoFigures f, Demo.Stats stats) {
    HtmlReport r =
        new HtmlReport(
            "Salon loyalty and care — "
                + Fmt.count(f.members, "member")
                + ", "
                + Fmt.count(f.months, "month"));
    r.paragraph(
        "A simulated beauty salon run through the care engine on "
            + f.store
            + " (seed "
            + f.seed
            + ", "
            + Fmt.n(f.events)
            + " events). Figures are as at the end of the run.");

    int active =
        f.stages.getOrDefault(LifecycleStage.NEW, 0)
            + f.stages.getOrDefault(LifecycleStage.GROWING, 0)
            + f.stages.getOrDefault(LifecycleStage.MATURE, 0)
            + f.stages.getOrDefault(LifecycleStage.WON_BACK, 0);
    int declining = f.stages.getOrDefault(LifecycleStage.DECLINING, 0);
    int lapsed = f.stages.getOrDefault(LifecycleStage.LAPSED, 0);
    List<Tile> tiles = new ArrayList<>();
    tiles.add(new Tile("Members", Fmt.n(f.members), "registered in the programme"));
    tiles.add(
        new Tile("Active", Fmt.n(active), Fmt.percent(active, f.members) + " buying regularly"));
    tiles.add(
        new Tile("At risk", Fmt.n(declining), "declining; " + Fmt.n(lapsed) + " more have lapsed"));
    tiles.add(
        new Tile("Points liability", Fmt.n(f.pointsOutstanding), "points members may redeem"));
    tiles.add(
        new Tile(
            "Wallet liability",
            Fmt.money(f.walletPaidOutstanding + f.walletBonusOutstanding, f.currency),
            Fmt.money(f.walletPaidOutstanding, f.currency) + " paid in, unspent"));
    tiles.add(
        new Tile(
            "Breakage",
            Fmt.money(f.walletBonusExpired, f.currency),
            "top-up bonus that lapsed unspent"));
    tiles.add(
        new Tile(
            "Satisfaction",
            f.withInteractions == 0 ? "no data" : Fmt.index(f.meanIndex),
            "mean index of "
                + Fmt.count(f.withInteractions, "member")
                + " (50 = neutral); "
                + Fmt.percent(f.answeredByLink + f.answeredBySms, f.surveysSent)
                + " of surveys answered"));
    List<String> levels = new ArrayList<>();
    for (ServiceLevel l : ServiceLevel.values()) {
      int n = f.actionsByLevel.getOrDefault(l, 0);
      if (n > 0) {
        levels.add(l.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + Fmt.n(n));
      }
    }
    int actions = f.actionsByLevel.values().stream().mapToInt(Integer::intValue).sum();
    tiles.add(new Tile("Care actions", Fmt.n(actions), String.join(", ", levels)));
    r.tiles(tiles);

    r.heading("Over the year");
    List<String> months = stats.stages.keySet().stream().map(YearMonth::toString).toList();
    List<Series> stageSeries = new ArrayList<>();
    for (LifecycleStage s : LifecycleStage.values()) {
      stageSeries.add(
          new Series(
              s.name(),
              stats.stages.values().stream().map(m -> (double) m.getOrDefault(s, 0)).toList()));
    }
    r.chart(
        "Members by life-cycle stage",
        Svg.stackedBars("Members by life-cycle stage, month end", months, stageSeries),
        "Watch the DECLINING and LAPSED bands: when they grow faster than WON_BACK, members slip"
            + " away faster than care brings them back.");
    r.chart(
        "Points liability",
        Svg.lineChart(
            "Points liability, month end",
            "points",
            months,
            List.of(
                new Series(
                    "outstanding points",
                    stats.pointsLiability.values().stream().map(Long::doubleValue).toList()))),
        "Points members hold and may redeem; a steady climb means points are earned faster than"
            + " redeemed (or expired), and the liability on the balance sheet grows.");
    r.chart(
        "Wallet liability",
        Svg.lineChart(
            "Wallet liability, month end",
            f.currency.getCurrencyCode(),
            months,
            List.of(
                new Series(
                    "paid and bonus value not yet spent",
                    stats.walletLiability.values().stream()
                        .map(v -> v / Math.pow(10, f.currency.getDefaultFractionDigits()))
                        .toList()))),
        "Prepaid value the salon still owes in treatments: it rises with top-ups and falls as"
            + " members spend; compare it with the cash paid in ("
            + Fmt.money(f.cashIn, f.currency)
            + ").");
    List<Series> segmentSeries = new ArrayList<>();
    for (String id : Demo.SEGMENTS.keySet()) {
      segmentSeries.add(
          new Series(
              id,
              stats.segments.values().stream().map(m -> (double) m.getOrDefault(id, 0)).toList()));
    }
    r.chart(
        "Segments",
        Svg.lineChart("Segment sizes, month end", "members", months, segmentSeries),
        "vip-at-risk is whom the September campaign targets; complaint-open counts members"
            + " waiting for an answer to a complaint, who get no marketing meanwhile.");
    List<Series> levelSeries = new ArrayList<>();
    for (ServiceLevel l : ServiceLevel.values()) {
      List<Double> v =
          f.actionsByMonth.values().stream().map(m -> (double) m.getOrDefault(l, 0)).toList();
      if (v.stream().anyMatch(d -> d > 0)) {
        levelSeries.add(new Series(l.name(), v));
      }
    }
    r.chart(
        "Care actions by service level",
        Svg.stackedBars(
            "Care actions per month by service level",
            f.actionsByMonth.keySet().stream().map(YearMonth::toString).toList(),
            levelSeries),
        "BASIC is the transaction itself (e-bills); the VALUE_ADDED and SATISFACTORY share is the"
            + " care beyond it: greetings, thank-yous, apologies, win-back offers.");
    List<String> buckets = new ArrayList<>();
    List<Double> counts = new ArrayList<>();
    for (int i = 0; i < DemoFigures.BUCKETS; i++) {
      buckets.add(DemoConsole.bucket(i));
      counts.add((double) f.satisfaction[i]);
    }
    r.chart(
        "Satisfaction index",
        Svg.bars("Members by satisfaction index", buckets, counts),
        "Members with a complaint or repair, by index (50 = neutral): the bars left of 50 are"
            + " the dissatisfied, worth a personal call.");
    r.note(DemoConsole.INDEX + ".");
    r.chart(
        "Satisfaction over the year",
        Svg.lineChart(
            "Mean satisfaction index, month end",
            "index",
            f.meanIndexByMonth.keySet().stream().map(YearMonth::toString).toList(),
            List.of(new Series("mean index", List.copyOf(f.meanIndexByMonth.values())))),
        "The mean index of the members with a complaint or repair: their survey answers after a"
            + " resolved case lift it, unresolved and escalated cases pull it down, and older"
            + " moments fade.");
    r.table(
        List.of("satisfaction surveys", "count", "of sent"),
        List.of(
            List.of("planned by the engine", Fmt.n(f.surveysPlanned), ""),
            List.of("sent (channel allowed)", Fmt.n(f.surveysSent), ""),
            List.of(
                "answered through the link",
                Fmt.n(f.answeredByLink),
                Fmt.percent(f.answeredByLink, f.surveysSent)),
            List.of(
                "answered by SMS reply",
                Fmt.n(f.answeredBySms),
                Fmt.percent(f.answeredBySms, f.surveysSent))));
    r.note(DemoConsole.SURVEYS + ".");

    if (f.churnModel.isPresent() && !f.atRisk.isEmpty()) {
      r.heading("Members most at risk");
      for (String w : f.churnWarnings) {
        r.paragraph("Warning: " + w + ".");
      }
      r.table(
          List.of("member", "stage", "P(alive)", "CLV", "value at risk", "why"),
          DemoConsole.atRiskRows(f));
      r.note(DemoConsole.P_ALIVE + ".");
      r.note(DemoConsole.CLV + ".");
      r.note(DemoConsole.VALUE_AT_RISK + ".");
      r.note("Model: " + f.churnModel.get() + ", fitted on the run's purchases in weeks.");
    }

    if (f.campaign.isPresent()) {
      var c = f.campaign.get();
      var v = f.campaignVouchers.orElseThrow();
      r.heading("Campaign " + c.campaignId() + " (" + c.runKey() + ")");
      List<List<String>> rows = new ArrayList<>();
      for (List<String> step : DemoConsole.funnel(c, v)) {
        rows.add(
            List.of(
                step.get(0),
                step.get(1),
                Fmt.percent(Long.parseLong(step.get(1).replace(",", "")), c.targeted())));
      }
      r.table(List.of("step", "members", "of targeted"), rows);
      r.note(
          "Not sent: "
              + Fmt.n(c.suppressedNoConsent())
              + " without consent for e-mail, "
              + Fmt.n(c.suppressedOpenComplaint())
              + " with a complaint open. Vouchers expired unused: "
              + Fmt.n(v.expired())
              + "; still valid: "
              + Fmt.n(v.active())
              + ".");
    }

    if (f.referred > 0) {
      r.heading("Referrals");
      r.table(
          List.of("referrals", "members", "points"), DemoConsole.referralRows(f, "points to the"));
      r.note(
          "A referral "
              + DemoConsole.REFERRALS.replaceFirst("^a referral ", "")
              + "; the points are the journal's postings by those rules.");
    }

    if (!f.satisfiers.isEmpty() || !f.dissatisfiers.isEmpty()) {
      r.heading("What complaints were about");
      List<List<String>> rows = new ArrayList<>();
      factorRows(rows, "dissatisfier", f.dissatisfiers, f);
      factorRows(rows, "satisfier", f.satisfiers, f);
      r.table(List.of("kind", "factor", "seen in"), rows);
      r.note(
          Fmt.n(f.complaintsOpened)
              + " complaints and repairs opened, "
              + Fmt.n(f.complaintsClosed)
              + " closed, "
              + Fmt.n(f.complaintsOpen)
              + " still open at the end. Dissatisfiers weigh more than satisfiers in the index.");
    }

    r.heading("Overdue tasks by temperament");
    r.table(DemoConsole.TASK_COLUMNS, DemoConsole.taskRows(f));
    r.note(
        "Two staff work the queue each morning, most urgent first, as many tasks as the day allows. "
            + DemoConsole.TASKS.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
            + DemoConsole.TASKS.substring(1)
            + ".");

    r.heading("The programme's accounts");
    List<List<String>> accounts = new ArrayList<>();
    accounts.add(List.of("points issued", Fmt.n(f.pointsIssued), ""));
    accounts.add(List.of("points redeemed", Fmt.n(f.pointsRedeemed), ""));
    accounts.add(
        List.of(
            "points expired",
            Fmt.n(f.pointsExpired),
            DemoConsole.noExpiry(f).map(w -> w.replaceFirst("^expired: ", "")).orElse("")));
    accounts.add(
        List.of("points outstanding", Fmt.n(f.pointsOutstanding), DemoConsole.OUTSTANDING_POINTS));
    accounts.add(List.of("wallet: paid in", Fmt.money(f.cashIn, f.currency), ""));
    accounts.add(
        List.of("wallet: spent", Fmt.money(f.cashIn - f.walletPaidOutstanding, f.currency), ""));
    accounts.add(
        List.of(
            "wallet liability: paid",
            Fmt.money(f.walletPaidOutstanding, f.currency),
            DemoConsole.WALLET_PAID));
    accounts.add(
        List.of(
            "wallet liability: bonus",
            Fmt.money(f.walletBonusOutstanding, f.currency),
            DemoConsole.WALLET_BONUS));
    accounts.add(
        List.of("bonus lapsed", Fmt.money(f.walletBonusExpired, f.currency), DemoConsole.BREAKAGE));
    r.table(List.of("account", "amount", "meaning"), accounts);

    r.heading("Care actions and messages");
    List<List<String>> kinds = new ArrayList<>();
    for (CareActionKind k : CareActionKind.values()) {
      int n = f.actionsByKind.getOrDefault(k, 0);
      if (n > 0) {
        kinds.add(List.of(k.name(), Fmt.n(n)));
      }
    }
    r.table(List.of("care action", "planned"), kinds);
    r.note(DemoConsole.SERVICE_LEVELS + ".");
    r.table(
        List.of("messages", "count"),
        List.of(
            List.of("delivered to members", Fmt.n(f.messagesDelivered)),
            List.of("not sent (no consent)", Fmt.n(f.notSentNoConsent)),
            List.of("ledger events published", Fmt.n(f.ledgerEvents)),
            List.of("care events published", Fmt.n(f.careEvents))));
    r.note("Waiting at the end: " + DemoConsole.waiting(f) + ".");

    r.heading("Members at the end");
    List<List<String>> stages = new ArrayList<>();
    for (LifecycleStage s : LifecycleStage.values()) {
      int n = f.stages.getOrDefault(s, 0);
      stages.add(List.of(s.name(), Fmt.n(n), Fmt.percent(n, f.members)));
    }
    r.table(List.of("life-cycle stage", "members", "share"), stages);
    List<List<String>> tiers = new ArrayList<>();
    for (Map.Entry<String, Integer> e : f.tiers.entrySet()) {
      tiers.add(List.of(e.getKey(), Fmt.n(e.getValue()), Fmt.percent(e.getValue(), f.members)));
    }
    r.table(List.of("tier", "members", "share"), tiers);
    List<List<String>> segments = new ArrayList<>();
    f.segments.forEach(
        (id, n) -> segments.add(List.of(id, Fmt.n(n), f.segmentDefinitions.get(id))));
    r.table(List.of("segment", "members", "definition"), segments);
    return r.render();
  }

  private static void factorRows(
      List<List<String>> rows, String kind, Map<String, Integer> seen, DemoFigures f) {
    seen.entrySet().stream()
        .limit(5)
        .forEach(
            e ->
                rows.add(
                    List.of(
                        kind,
                        f.factorNames.getOrDefault(e.getKey(), e.getKey()),
                        Fmt.count(e.getValue(), "interaction"))));
  }
}
