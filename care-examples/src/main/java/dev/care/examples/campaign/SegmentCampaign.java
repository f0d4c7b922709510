package dev.care.examples.campaign;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherNotRedeemableException;
import dev.care.core.voucher.VoucherValue;
import dev.care.rules.campaign.Campaign;
import dev.care.rules.campaign.CampaignReport;
import dev.care.rules.campaign.CampaignVoucherReport;
import dev.care.rules.campaign.VoucherOffer;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.OutboxMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment campaign: regulars who have not been in for a month get a 200-point e-voucher by
 * e-mail. The segment is defined in text and kept current by the engine; the campaign respects
 * consent and is idempotent per run; the dispatcher delivers within caps and quiet hours; the
 * voucher is redeemed once, at the till, and the campaign report counts it.
 */
public final class SegmentCampaign {
  private SegmentCampaign() {}

  /**
   * What the example produced.
   *
   * @param segment members of the segment when the campaign ran
   * @param firstRun the campaign run's report
   * @param secondRun the same run again (nothing new)
   * @param delivered e-mails the dispatcher sent, as "customer: text"
   * @param pointsAfterRedeeming Ann's available points after redeeming her voucher
   * @param secondRedemption why the second redemption was refused
   * @param report issued, redeemed and expired vouchers of the campaign
   */
  public record Result(
      List<CustomerId> segment,
      CampaignReport firstRun,
      CampaignReport secondRun,
      List<String> delivered,
      long pointsAfterRedeeming,
      String secondRedemption,
      CampaignVoucherReport report) {}

  /**
   * Runs the example.
   *
   * @return what it produced
   */
  public static Result run() {
    ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T09:00:00Z"));
    InMemoryStorage storage = new InMemoryStorage();
    CareEngine engine = CareEngine.builder().program(salon()).storage(storage).clock(clock).build();
    CustomerId ann = CustomerId.of("C-1"); // regular, e-mail consent
    CustomerId bob = CustomerId.of("C-2"); // regular, no marketing consent
    CustomerId cem = CustomerId.of("C-3"); // one visit only
    engine.register(Customer.register(ann, reachable("Ann", true), clock.instant()));
    engine.register(Customer.register(bob, reachable("Bob", false), clock.instant()));
    engine.register(Customer.register(cem, reachable("Cem", true), clock.instant()));
    for (int visit = 1; visit <= 3; visit++) {
      buy(engine, ann, "A-" + visit, 6_000);
      buy(engine, bob, "B-" + visit, 6_000);
      clock.advance(Duration.ofDays(1));
    }
    buy(engine, cem, "C-1", 6_000);
    List<String> delivered = new ArrayList<>();
    MessageChannel email =
        new MessageChannel() {
          @Override
          public Channel channel() {
            return Channel.EMAIL;
          }

          @Override
          public void send(OutboxMessage m) {
            if (m.type().equals("care-action")
                && m.attributes().getOrDefault("kind", "").equals("CAMPAIGN")) {
              delivered.add(m.customer().orElseThrow().value() + ": " + m.attributes().get("text"));
            }
          }
        };
    OutboxDispatcher dispatcher =
        new OutboxDispatcher(storage, List.of(email), e -> {}, engine.dispatchPolicy(), clock);

    // the segment, in text; the engine keeps it current as customers buy and time passes
    engine.defineSegment("regulars-away", "frequency >= 3 and recencyDays > 30");
    clock.advance(Duration.ofDays(35));
    engine.advanceTo(clock.instant());
    List<CustomerId> segment = engine.segmentMembers("regulars-away");

    Campaign comeBack =
        Campaign.eVoucher(
            "come-back",
            "regulars-away",
            "e-voucher",
            Channel.EMAIL,
            new VoucherOffer(new VoucherValue.Points(200), Duration.ofDays(30)));
    CampaignReport first = engine.runCampaign(comeBack, "2026-04");
    CampaignReport again = engine.runCampaign(comeBack, "2026-04");
    dispatcher.runOnce();

    Voucher voucher = engine.vouchers(ann).get(0);
    clock.advance(Duration.ofDays(3));
    engine.redeemVoucher(ann, voucher.code(), "A-4");
    String refused;
    try {
      engine.redeemVoucher(ann, voucher.code(), "A-5");
      refused = "accepted twice";
    } catch (VoucherNotRedeemableException e) {
      refused = e.reason();
    }
    return new Result(
        segment,
        first,
        again,
        delivered,
        engine.points(ann).available(),
        refused,
        engine.campaignReport("come-back"));
  }

  private static Profile reachable(String name, boolean marketing) {
    Profile p = Profile.named(name).withEmail(name.toLowerCase() + "@example.com");
    return marketing ? p.withConsent(Consent.optedIn(Channel.EMAIL)) : p;
  }

  private static void buy(CareEngine engine, CustomerId who, String order, long cents) {
    engine.recordPurchase(
        Purchase.of(order, who, engine.ledger().view(who).time(), Money.ofMinor("EUR", cents)));
  }

  private static LoyaltyProgram salon() {
    try (InputStream in =
        SegmentCampaign.class.getResourceAsStream("/dev/care/rules/program/salon-program.json")) {
      return new ProgramLoader().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Prints what the example produced.
   *
   * @param args none
   */
  public static void main(String[] args) {
    Result r = run();
    System.out.println("segment regulars-away: " + r.segment());
    System.out.println("first run:  " + r.firstRun());
    System.out.println("second run: " + r.secondRun());
    r.delivered().forEach(d -> System.out.println("sent " + d));
    System.out.println("Ann's points after redeeming: " + r.pointsAfterRedeeming());
    System.out.println("second redemption refused: " + r.secondRedemption());
    System.out.println("report: " + r.report());
  }
}
