package dev.care.examples.segments;

import dev.care.core.lifecycle.LifecycleStage;
import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import dev.care.rules.segment.SegmentEvent;
import dev.care.rules.segment.SegmentId;
import dev.care.rules.segment.SegmentSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment defined in its text form, evaluated over a few customers, kept current when one of them
 * changes (with the entered/exited events), moved forward in time, and combined with another
 * segment by set algebra. The README's "Segments" snippet is this class's {@link #run()} body.
 */
public final class SegmentsInText {
  private SegmentsInText() {}

  /**
   * What the example saw.
   *
   * @param vipsAtRisk members of the first segment after loading
   * @param eventsOnUpdate events when customer 2 bought again
   * @param eventsAfterAMonth events after moving today forward 30 days
   * @param vipsAtRiskWithoutConsent VIPs at risk who are not in the e-mail-consent segment
   */
  public record Seen(
      List<Integer> vipsAtRisk,
      List<SegmentEvent> eventsOnUpdate,
      List<SegmentEvent> eventsAfterAMonth,
      long vipsAtRiskWithoutConsent) {}

  /**
   * Runs the example.
   *
   * @return what it saw
   */
  public static Seen run() {
    var vipsAtRisk =
        SegmentDefinition.parse(
            "vip-at-risk",
            "VIPs slipping away",
            "tier in (GOLD, PLATINUM) and recencyDays > 60 and frequency >= 3");
    var emailable = SegmentDefinition.parse("emailable", "E-mail consent", "consent(EMAIL)");
    SegmentEngine segments =
        SegmentEngine.builder(SegmentSchema.standard(), LocalDate.of(2026, 6, 1))
            .segments(List.of(vipsAtRisk, emailable))
            .build();
    CustomerAttributes gold =
        CustomerAttributes.builder()
            .tier("GOLD")
            .frequency(7)
            .lifecycleStage(LifecycleStage.MATURE)
            .lastPurchase(LocalDate.of(2026, 3, 2))
            .build();
    segments.load(
        List.of(
            gold,
            gold.toBuilder().tier("SILVER").build(),
            gold.toBuilder().lastPurchase(LocalDate.of(2026, 5, 20)).build()));
    List<Integer> members = new ArrayList<>();
    segments.members(vipsAtRisk.id()).forEach((int c) -> members.add(c)); // [0]
    var onUpdate =
        segments.update(0, gold.toBuilder().lastPurchase(LocalDate.of(2026, 5, 30)).build());
    var afterAMonth = segments.advanceTo(LocalDate.of(2026, 7, 31)); // both drift past 60 days
    long noConsent = segments.differenceCount(vipsAtRisk.id(), SegmentId.of("emailable"));
    return new Seen(members, onUpdate, afterAMonth, noConsent);
  }
}
