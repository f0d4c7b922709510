package dev.care.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.customer.ImportantDate;
import dev.care.core.ledger.PostingKind;
import dev.care.core.ledger.Transaction;
import dev.care.storage.outbox.DeliveryStatus;
import java.time.MonthDay;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scenario must have exercised for an equality of two runs to mean something: counted on the
 * single-engine run of every seed, each feature at least once.
 */
final class Coverage {
  private static final Pattern TIER_CHANGES = Pattern.compile("tierChanges=(\\d+)");
  private static final Pattern STAGE_CHANGES = Pattern.compile("stageChanges=(\\d+)");

  private Coverage() {}

  static Map<String, Long> of(Observed o) {
    var views = o.customers().values();
    Map<String, Long> count = new LinkedHashMap<>();
    for (CareActionKind kind :
        new CareActionKind[] {
          CareActionKind.WELCOME,
          CareActionKind.E_BILL,
          CareActionKind.BIRTHDAY_GREETING,
          CareActionKind.WIN_BACK,
          CareActionKind.CAMPAIGN
        }) {
      count.put(
          "care actions " + kind,
          views.stream()
              .flatMap(v -> v.actions().stream())
              .map(CareAction::kind)
              .filter(kind::equals)
              .count());
    }
    count.put(
        "greetings of members born on 29 February",
        views.stream()
            .filter(
                v ->
                    v.file()
                        .birthday()
                        .map(ImportantDate::monthDay)
                        .map(MonthDay.of(2, 29)::equals)
                        .orElse(false))
            .flatMap(v -> v.actions().stream())
            .filter(a -> a.kind() == CareActionKind.BIRTHDAY_GREETING)
            .count());
    count.put("staff tasks", views.stream().mapToLong(v -> v.tasks().size()).sum());
    count.put("complaints opened", views.stream().mapToLong(v -> v.interactions().size()).sum());
    count.put(
        "complaints closed",
        views.stream().flatMap(v -> v.interactions().stream()).filter(i -> !i.isOpen()).count());
    for (PostingKind kind :
        new PostingKind[] {PostingKind.EARN, PostingKind.REVERSAL, PostingKind.REDEEM}) {
      count.put(
          "postings " + kind,
          views.stream()
              .flatMap(v -> v.journal().stream())
              .flatMap(t -> t.postings().stream())
              .filter(p -> p.kind() == kind)
              .count());
    }
    count.put("wallet top-ups", keys(o, k -> k.contains("-top-up-")));
    count.put("wallet spends", keys(o, k -> k.contains("-spend-")));
    count.put("win-back offers credited", keys(o, k -> k.startsWith("win-back-offer:")));
    count.put("vouchers redeemed", keys(o, k -> k.startsWith("voucher:")));
    count.put(
        "customers above the first tier",
        views.stream()
            .filter(v -> v.tier().map(t -> !t.name().equals("MEMBER")).orElse(false))
            .count());
    count.put("tier changes in nightly runs", sum(o, TIER_CHANGES));
    count.put("stage changes in nightly runs", sum(o, STAGE_CHANGES));
    count.put(
        "messages delivered",
        o.outbox().values().stream().filter(m -> m.status() == DeliveryStatus.DELIVERED).count());
    count.put("segment members", o.segments().values().stream().mapToLong(m -> m.size()).sum());
    return count;
  }

  static void check(Observed o) {
    Map<String, Long> count = of(o);
    assertThat(count)
        .as("what the scenario exercised")
        .allSatisfy((k, v) -> assertThat(v).as(k).isPositive());
  }

  private static long keys(Observed o, Predicate<String> key) {
    return o.customers().values().stream()
        .flatMap(v -> v.journal().stream())
        .map(Transaction::command)
        .filter(c -> c.map(x -> key.test(x.key().value())).orElse(false))
        .count();
  }

  private static long sum(Observed o, Pattern p) {
    long total = 0;
    for (String r : o.results()) {
      if (r.startsWith("advance")) {
        Matcher m = p.matcher(r);
        if (m.find()) {
          total += Long.parseLong(m.group(1));
        }
      }
    }
    return total;
  }
}
