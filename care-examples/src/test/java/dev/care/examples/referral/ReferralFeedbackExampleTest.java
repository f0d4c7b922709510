package dev.care.examples.referral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.customer.TierId;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.time.ManualClock;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.FeedbackAnswers;
import dev.care.rules.engine.FeedbackRecorded;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's snippets on referrals, two-way feedback and a manual tier. */
class ReferralFeedbackExampleTest {
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T10:00:00Z"));
  private final LoyaltyProgram program =
      new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  private final CareEngine engine = CareEngine.builder().program(program).clock(clock).build();
  private final CustomerId ann = CustomerId.of("C-1");
  private final CustomerId ben = CustomerId.of("C-2");
  private final Profile annProfile = reachable("Ann Lee", "ann@example.com");
  private final Profile benProfile = reachable("Ben Ruiz", "ben@example.com");

  private static Profile reachable(String name, String email) {
    return Profile.named(name).withEmail(email).withConsent(Consent.optedIn(Channel.EMAIL));
  }

  @Test
  void a_referral_rewards_both_sides_once() {
    engine.register(Customer.register(ann, annProfile, clock.instant()));
    engine.register(Customer.register(ben, benProfile, clock.instant()), ann); // referred by Ann
    engine.recordPurchase(Purchase.of("O-7", ben, clock.instant(), Money.ofMinor("EUR", 4_500)));
    assertThat(engine.points(ann).available()).isEqualTo(200); // earning.referral, once

    engine.recordPurchase(Purchase.of("O-8", ben, clock.instant(), Money.ofMinor("EUR", 4_500)));
    assertThat(engine.points(ann).available()).isEqualTo(200);
    assertThat(engine.referrer(ben)).contains(ann);
  }

  @Test
  void survey_answers_come_back_by_their_token() {
    engine.register(Customer.register(ann, annProfile, clock.instant()));
    ServiceInteraction complaint =
        ServiceInteraction.open(
            "I-1", ann, InteractionKind.COMPLAINT, Channel.PHONE, clock.instant());
    engine.recordInteraction(complaint);
    clock.advance(Duration.ofHours(2));
    CareAction survey =
        engine
            .recordInteraction(complaint.close(clock.instant(), InteractionOutcome.RESOLVED))
            .actions()
            .stream()
            .filter(a -> a.kind() == CareActionKind.SATISFACTION_SURVEY)
            .findFirst()
            .orElseThrow();

    String token = survey.variables().get("surveyToken"); // the link in the message carries it
    FeedbackRecorded answered =
        engine.recordFeedback(token, FeedbackAnswers.of(new ObservedFactor("WARM_ATTITUDE", 5)));
    assertThat(answered.index()).isPresent(); // and SatisfactionIndexChanged goes out
    FeedbackAnswers same = FeedbackAnswers.of(new ObservedFactor("WARM_ATTITUDE", 5));
    assertThat(engine.recordFeedback(token, same).duplicate()).isTrue(); // a retry is harmless
  }

  @Test
  void staff_set_a_tier_floor_until_a_date() {
    engine.register(Customer.register(ann, annProfile, clock.instant()));
    Instant until = clock.instant().plus(Duration.ofDays(90));
    engine.setTierFloor(ann, TierId.of("GOLD"), until, "VIP launch evening");
    assertThat(engine.tier(ann)).contains(TierId.of("GOLD")); // the nightly review keeps it
    assertThat(engine.manualTier(ann).orElseThrow().until()).isEqualTo(until);
  }
}
