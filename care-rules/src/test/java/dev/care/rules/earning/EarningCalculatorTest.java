package dev.care.rules.earning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.care.core.consumption.LineItem;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.SalesChannel;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.TierId;
import dev.care.core.money.Money;
import dev.care.rules.program.LoyaltyProgram;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EarningCalculatorTest {
  private static final CustomerId MIA = CustomerId.of("C-1");
  private static final CustomerId BEN = CustomerId.of("C-2");
  private static final EarningCalculator CALC = EarningCalculator.standard();
  private static final LoyaltyProgram SALON = dev.care.rules.testing.Programs.salon();
  private static final LoyaltyProgram SIMPLE = LoyaltyProgram.builder("simple", "EUR").build();

  private static Money eur(long cents) {
    return Money.ofMinor("EUR", cents);
  }

  private static Purchase purchase(String at, LineItem... items) {
    long total = 0;
    for (LineItem i : items) {
      total += i.amount().minorUnits();
    }
    return new Purchase(
        "O-1",
        MIA,
        Instant.parse(at),
        eur(total),
        List.of(items),
        SalesChannel.STORE,
        Optional.empty());
  }

  @Test
  void decide_simpleProgram_floorsOnce() {
    EarnDecision d =
        CALC.decide(EarnRequest.of(Purchase.of("O-1", MIA, Instant.EPOCH, eur(1234))), SIMPLE);
    assertThat(d.awards())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.points()).isEqualTo(12);
              assertThat(a.qualifying()).isEqualTo(12);
              assertThat(a.beneficiary()).isEqualTo(MIA);
              assertThat(a.rule().toString()).isEqualTo("simple@1/earning.purchase");
            });
  }

  @Test
  void decide_salon_appliesCategorySkuExclusionsTierAndPromotion_andExplains() {
    Purchase p =
        purchase(
            "2026-12-10T10:00:00Z",
            LineItem.of("COL-F", "colour", 1, eur(8900)),
            LineItem.of("SHAMPOO", "haircare", 1, eur(2000)),
            LineItem.of("GIFT-50", "gift-card", 1, eur(5000)),
            new LineItem("CUT-W", "haircut", 1, eur(4500), true));
    EarnDecision d = CALC.decide(EarnRequest.of(p).withTier(TierId.of("SILVER")), SALON);
    // colour 89 x2 = 178, haircare 20 x1.5 = 30 -> qualifying 208; SILVER x1.25 = 260;
    // double-december x2 = 520; gift card and discounted cut earn nothing
    assertThat(d.awards())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.points()).isEqualTo(520);
              assertThat(a.qualifying()).isEqualTo(208);
            });
    assertThat(d.applied())
        .extracting(r -> r.rule().ruleId())
        .containsExactly(
            "earning.exclusions",
            "earning.exclusions",
            "earning.base",
            "earning.category",
            "earning.category",
            "earning.tier",
            "promotion.double-december");
    assertThat(d.applied().get(0).explanation()).contains("gift-card does not earn");
    assertThat(d.applied().get(1).explanation()).contains("discounted line");
  }

  @Test
  void decide_belowMinimumBasket_earnsNothing() {
    EarnDecision d =
        CALC.decide(EarnRequest.of(Purchase.of("O-1", MIA, Instant.EPOCH, eur(499))), SALON);
    assertThat(d.awards()).isEmpty();
    assertThat(d.applied())
        .extracting(AppliedRule::explanation)
        .anySatisfy(e -> assertThat(e).contains("minimum"));
  }

  @Test
  void decide_paidWithPoints_earnsOnlyOnTheRest() {
    Purchase p = Purchase.of("O-1", MIA, Instant.EPOCH, eur(10_000));
    EarnRequest r =
        new EarnRequest(
            p, Optional.empty(), eur(4_000), 0, Optional.empty(), false, false, Optional.empty());
    assertThat(CALC.decide(r, SIMPLE).buyerPoints(r)).isEqualTo(60);
  }

  @Test
  void decide_caps_perOrderAndPeriod() {
    Purchase big = Purchase.of("O-1", MIA, Instant.parse("2026-03-01T10:00:00Z"), eur(200_000));
    EarnRequest fresh = EarnRequest.of(big);
    assertThat(CALC.decide(fresh, SALON).buyerPoints(fresh)).isEqualTo(1000);
    EarnRequest nearCap =
        new EarnRequest(
            big, Optional.empty(), eur(0), 2990, Optional.empty(), false, false, Optional.empty());
    EarnDecision d = CALC.decide(nearCap, SALON);
    assertThat(d.buyerPoints(nearCap)).isEqualTo(10);
    assertThat(d.applied().get(d.applied().size() - 1).explanation())
        .contains("2990 already earned");
  }

  @Test
  void decide_birthdayBonus_onceInWindow_evenAcrossNewYear() {
    Purchase p = Purchase.of("O-1", MIA, Instant.parse("2027-01-02T10:00:00Z"), eur(1000));
    EarnRequest r =
        new EarnRequest(
            p,
            Optional.empty(),
            eur(0),
            0,
            Optional.of(ImportantDate.birthday(LocalDate.of(1990, 12, 30))),
            false,
            false,
            Optional.empty());
    EarnDecision d = CALC.decide(r, SALON);
    assertThat(d.awards())
        .extracting(a -> a.rule().ruleId())
        .containsExactly("earning.purchase", "earning.birthday");
    assertThat(d.awards().get(1).points()).isEqualTo(100);
    assertThat(d.awards().get(1).qualifying()).isZero();
    EarnRequest already =
        new EarnRequest(
            p,
            Optional.empty(),
            eur(0),
            0,
            Optional.of(ImportantDate.birthday(LocalDate.of(1990, 12, 30))),
            true,
            false,
            Optional.empty());
    assertThat(CALC.decide(already, SALON).awards()).hasSize(1);
    EarnRequest outside =
        new EarnRequest(
            p,
            Optional.empty(),
            eur(0),
            0,
            Optional.of(ImportantDate.birthday(LocalDate.of(1990, 12, 20))),
            false,
            false,
            Optional.empty());
    assertThat(CALC.decide(outside, SALON).awards()).hasSize(1);
  }

  @Test
  void decide_referral_rewardsBothSides_whenThePurchaseReachesTheReferralMinimum() {
    Purchase p = Purchase.of("O-1", MIA, Instant.parse("2026-03-01T10:00:00Z"), eur(2000));
    EarnRequest referred =
        new EarnRequest(
            p, Optional.empty(), eur(0), 0, Optional.empty(), false, false, Optional.of(BEN));
    EarnDecision d = CALC.decide(referred, SALON);
    assertThat(d.awards())
        .extracting(Award::beneficiary, Award::points)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MIA, 20L),
            org.assertj.core.groups.Tuple.tuple(MIA, 100L),
            org.assertj.core.groups.Tuple.tuple(BEN, 200L));
    // below the programme's EUR 20.00 minimum: no referral
    Purchase small = Purchase.of("O-2", MIA, Instant.parse("2026-03-01T10:00:00Z"), eur(1999));
    EarnRequest below =
        new EarnRequest(
            small, Optional.empty(), eur(0), 0, Optional.empty(), false, true, Optional.of(BEN));
    assertThat(CALC.decide(below, SALON).awards()).hasSize(1);
    // the engine passes no referrer once the referral was rewarded
    EarnRequest rewarded =
        new EarnRequest(
            p, Optional.empty(), eur(0), 0, Optional.empty(), false, false, Optional.empty());
    assertThat(CALC.decide(rewarded, SALON).awards()).hasSize(1);
  }

  @Test
  void request_invalid_throwsNamingValues() {
    Purchase p = Purchase.of("O-1", MIA, Instant.EPOCH, eur(1000));
    assertThatThrownBy(
            () ->
                new EarnRequest(
                    p,
                    Optional.empty(),
                    eur(1001),
                    0,
                    Optional.empty(),
                    false,
                    false,
                    Optional.empty()))
        .hasMessageContaining("paidWithPoints");
    assertThatThrownBy(
            () ->
                new EarnRequest(
                    p,
                    Optional.empty(),
                    eur(0),
                    0,
                    Optional.empty(),
                    false,
                    true,
                    Optional.of(MIA)))
        .hasMessageContaining("refer themselves");
    assertThatThrownBy(
            () ->
                CALC.decide(
                    EarnRequest.of(Purchase.of("O-1", MIA, Instant.EPOCH, Money.ofMinor("USD", 5))),
                    SIMPLE))
        .hasMessageContaining("USD")
        .hasMessageContaining("EUR");
  }

  @Test
  void decide_moreSpendNeverEarnsLess_andQualifyingNeverExceedsPoints_property() {
    qt().withFixedSeed(20261123L)
        .withExamples(Integer.getInteger("care.pbt.examples", 200))
        .forAll(longs().between(0, 5_000_000), longs().between(0, 5_000_000))
        .checkAssert(
            (a, b) -> {
              long lo = Math.min(a, b);
              long hi = Math.max(a, b);
              for (LoyaltyProgram prog : List.of(SIMPLE, SALON)) {
                EarnRequest rl =
                    EarnRequest.of(
                        purchase("2026-12-10T10:00:00Z", LineItem.of("X", "colour", 1, eur(lo))));
                EarnRequest rh =
                    EarnRequest.of(
                        purchase("2026-12-10T10:00:00Z", LineItem.of("X", "colour", 1, eur(hi))));
                EarnDecision dl = CALC.decide(rl, prog);
                EarnDecision dh = CALC.decide(rh, prog);
                assertThat(dh.buyerPoints(rh)).isGreaterThanOrEqualTo(dl.buyerPoints(rl));
                for (Award aw : dh.awards()) {
                  assertThat(aw.qualifying()).isBetween(0L, aw.points());
                }
              }
            });
  }
}
