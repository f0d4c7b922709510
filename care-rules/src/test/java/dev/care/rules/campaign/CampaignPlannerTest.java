package dev.care.rules.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.care.CareActionKind;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.TierId;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.testing.Programs;
import dev.care.rules.trigger.CustomerContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CampaignPlannerTest {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  final CampaignPlanner planner = new CampaignPlanner(Programs.salon());
  static final Campaign NEWS =
      Campaign.of("news", CampaignKind.ANNOUNCEMENT, "regulars", "announcement", Channel.SMS);
  static final Campaign GIFT =
      Campaign.eVoucher(
          "gift",
          "regulars",
          "e-voucher",
          Channel.SMS,
          new VoucherOffer(new VoucherValue.PercentOff(15), Duration.ofDays(7)));

  static CustomerContext member(Consent consent, boolean openComplaint) {
    Customer c =
        Customer.register(
                CustomerId.of("ann"),
                Profile.named("Ann Lee")
                    .withPhone("+4915112345678")
                    .withEmail("ann@example.com")
                    .withPreferredChannel(Channel.EMAIL)
                    .withConsent(consent)
                    .withZone(ZoneId.of("Europe/Paris")),
                NOW)
            .withTier(Optional.of(new TierId("GOLD")));
    return new CustomerContext(c, LifecycleStage.MATURE, openComplaint, 320);
  }

  @Test
  void plan_sendsOnTheCampaignChannel_withVoucherAndVariables() {
    var d =
        planner.plan(
            GIFT, "r1", member(Consent.optedIn(Channel.SMS), false), NOW, () -> "ABCD-EFGH-JKMN");

    assertThat(d).isInstanceOf(CampaignPlanner.Send.class);
    var send = (CampaignPlanner.Send) d;
    assertThat(send.action().idempotencyKey()).isEqualTo("campaign:gift:r1:ann");
    assertThat(send.action().kind()).isEqualTo(CareActionKind.CAMPAIGN);
    assertThat(send.action().channel()).isEqualTo(Channel.SMS);
    assertThat(send.action().due()).isEqualTo(NOW);
    assertThat(send.action().targetLevel()).isEqualTo(ServiceLevel.VALUE_ADDED);
    assertThat(send.action().variables())
        .containsEntry("firstName", "Ann")
        .containsEntry("tier", "GOLD")
        .containsEntry("pointsBalance", "320")
        .containsEntry("voucherCode", "ABCD-EFGH-JKMN")
        .containsEntry("offer", "15% off")
        // 7 days on, in the customer's zone (Paris, UTC+1 in March)
        .containsEntry("voucherExpiry", "2026-03-09 11:00");
    var v = send.voucher().orElseThrow();
    assertThat(v.campaignId()).isEqualTo("gift");
    assertThat(v.issuedAt()).isEqualTo(NOW);
    assertThat(v.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
  }

  @Test
  void plan_fallsBackToThePreferredChannel_andOtherwiseSuppresses() {
    var email =
        planner.plan(
            NEWS,
            "r1",
            member(Consent.optedIn(Channel.EMAIL), false),
            NOW,
            () -> {
              throw new AssertionError("no voucher, no code");
            });
    assertThat(((CampaignPlanner.Send) email).action().channel()).isEqualTo(Channel.EMAIL);
    assertThat(((CampaignPlanner.Send) email).voucher()).isEmpty();

    var none = planner.plan(GIFT, "r1", member(Consent.none(), false), NOW, () -> "ABCD-EFGH-JKMN");
    assertThat(none)
        .isEqualTo(
            new CampaignPlanner.Suppressed(
                CampaignPlanner.Suppression.NO_CONSENT,
                "campaign:gift:r1:ann: no consented channel with contact details"));
  }

  @Test
  void plan_suppressesMarketingWhileAComplaintIsOpen() {
    var d =
        planner.plan(
            GIFT, "r1", member(Consent.optedIn(Channel.SMS), true), NOW, () -> "ABCD-EFGH-JKMN");
    assertThat(d)
        .isInstanceOfSatisfying(
            CampaignPlanner.Suppressed.class,
            s -> assertThat(s.reason()).isEqualTo(CampaignPlanner.Suppression.OPEN_COMPLAINT));
  }

  @Test
  void check_rejectsBonusValueInAnotherCurrency() {
    Campaign usd =
        Campaign.eVoucher(
            "usd",
            "regulars",
            "e-voucher",
            Channel.SMS,
            new VoucherOffer(
                new VoucherValue.BonusValue(Money.ofMinor("USD", 500)), Duration.ofDays(7)));
    assertThatThrownBy(() -> planner.check(usd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USD")
        .hasMessageContaining("EUR");
  }

  @Test
  void campaign_validatesItsFields() {
    assertThatThrownBy(
            () ->
                Campaign.of("Bad Id", CampaignKind.ANNOUNCEMENT, "s", "announcement", Channel.SMS))
        .hasMessageContaining("campaign id")
        .hasMessageContaining("'Bad Id'");
    assertThatThrownBy(
            () -> Campaign.of("x", CampaignKind.ANNOUNCEMENT, "s", "announcement", Channel.PHONE))
        .hasMessageContaining("channel must be automated, got PHONE");
    assertThatThrownBy(
            () -> Campaign.of("x", CampaignKind.E_VOUCHER, "s", "announcement", Channel.SMS))
        .hasMessageContaining("E_VOUCHER needs a voucher offer");
    assertThatThrownBy(() -> new VoucherOffer(new VoucherValue.Points(10), Duration.ZERO))
        .hasMessageContaining("validity");
    assertThatThrownBy(() -> CampaignPlanner.checkRunKey("x".repeat(21)))
        .hasMessageContaining("runKey");
  }

  @Test
  void reports_mustAddUp() {
    assertThatThrownBy(() -> new CampaignReport("c", "r", 5, 1, 1, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targeted 5");
    assertThatThrownBy(() -> new CampaignReport("c", "r", 1, 1, 0, 0, 0, 2))
        .hasMessageContaining("vouchersIssued 2 exceeds enqueued 1");
  }
}
