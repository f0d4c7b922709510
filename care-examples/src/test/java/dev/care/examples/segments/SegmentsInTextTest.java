package dev.care.examples.segments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.rules.segment.SegmentEntered;
import dev.care.rules.segment.SegmentExited;
import dev.care.rules.segment.SegmentId;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SegmentsInTextTest {
  private static final SegmentId VIP = SegmentId.of("vip-at-risk");

  @Test
  void run_evaluatesUpdatesAdvancesAndCombinesSegments() {
    SegmentsInText.Seen seen = SegmentsInText.run();
    // customer 0: GOLD, last purchase 91 days ago; 1 is SILVER; 2 bought 12 days ago
    assertThat(seen.vipsAtRisk()).containsExactly(0);
    assertThat(seen.eventsOnUpdate())
        .containsExactly(new SegmentExited(VIP, 0, LocalDate.of(2026, 6, 1)));
    // on 2026-07-31 customer 0 is 62 days past (> 60), customer 2 is 72 days past
    assertThat(seen.eventsAfterAMonth())
        .containsExactlyInAnyOrder(
            new SegmentEntered(VIP, 0, LocalDate.of(2026, 7, 31)),
            new SegmentEntered(VIP, 2, LocalDate.of(2026, 7, 31)));
    // nobody consented to e-mail, so both VIPs at risk are outside the e-mail segment
    assertThat(seen.vipsAtRiskWithoutConsent()).isEqualTo(2);
  }
}
