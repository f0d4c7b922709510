package dev.care.examples.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import org.junit.jupiter.api.Test;

class SegmentCampaignTest {
  @Test
  void run_targetsTheSegmentWithinConsentOnceAndRedeemsOnce() {
    SegmentCampaign.Result r = SegmentCampaign.run();
    // Ann and Bob bought three times and have been away 35+ days; Cem bought once
    assertThat(r.segment()).containsExactly(CustomerId.of("C-1"), CustomerId.of("C-2"));
    assertThat(r.firstRun().targeted()).isEqualTo(2);
    assertThat(r.firstRun().enqueued()).isEqualTo(1);
    assertThat(r.firstRun().suppressedNoConsent()).isEqualTo(1);
    assertThat(r.firstRun().vouchersIssued()).isEqualTo(1);
    // the same run again: nothing new sent, no second voucher
    assertThat(r.secondRun().enqueued()).isZero();
    assertThat(r.secondRun().vouchersIssued()).isZero();
    assertThat(r.secondRun().alreadySent()).isEqualTo(1);
    assertThat(r.delivered())
        .singleElement()
        .asString()
        .startsWith("C-1: Ann, a gift from")
        .contains("200 points")
        .containsPattern("code [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}");
    // 3 visits x EUR 60 at 1 point per euro, then the voucher's 200
    assertThat(r.pointsAfterRedeeming()).isEqualTo(180 + 200);
    assertThat(r.secondRedemption()).startsWith("it was already redeemed at");
    assertThat(r.report().issued()).isEqualTo(1);
    assertThat(r.report().redeemed()).isEqualTo(1);
    assertThat(r.report().redeemedPoints()).isEqualTo(200);
  }
}
