package dev.care.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.testing.Pbt;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletBalance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * L19: a plain, storage-free model of the rules ({@link ReferenceModel}) accepts exactly the
 * operations the ledger accepts, rejects the rest for the same reason, and ends every step with the
 * same balances.
 */
class ReferenceModelTest {
  static final Currency EUR = Currency.getInstance("EUR");
  static final List<CustomerId> CUSTOMERS = List.of(CustomerId.of("a"), CustomerId.of("b"));
  static final PostingContext CTX = PostingContext.of("model test", "qt");

  /** One operation: kind, customer, amount (1..300), and a reference selector. */
  record Op(int kind, int customer, int amount, int ref) {}

  static Gen<List<Op>> ops() {
    Gen<Op> op =
        SourceDSL.integers()
            .between(0, 11)
            .zip(
                SourceDSL.integers().between(0, 1),
                SourceDSL.integers().between(1, 300),
                SourceDSL.integers().between(0, 99),
                Op::new);
    return SourceDSL.lists().of(op).ofSizeBetween(1, 50);
  }

  @Test
  @DisplayName(
      "L19 a simple reference model accepts and rejects exactly what the ledger does, with the same balances")
  void L19_model_agrees_with_ledger() {
    Pbt.qt(2).forAll(ops()).checkAssert(ReferenceModelTest::run);
  }

  private static void run(List<Op> ops) {
    Instant start = Instant.parse("2026-03-01T09:00:00Z");
    ManualClock clock = ManualClock.at(start);
    Ledger ledger = Ledger.create(clock);
    ReferenceModel model = new ReferenceModel(start);
    List<PostingId> postingIds = new ArrayList<>();
    List<ReferenceModel.Record> records = new ArrayList<>();
    List<HoldId> holdIds = new ArrayList<>();
    List<ReferenceModel.ModelHold> holds = new ArrayList<>();
    int n = 0;
    for (Op op : ops) {
      IdempotencyKey key = IdempotencyKey.of("m" + (++n));
      CustomerId c = CUSTOMERS.get(op.customer());
      int other = 1 - op.customer();
      long amount = op.amount();
      Outcome outcome;
      Optional<Rejection> expected;
      Object modelResult = null;
      switch (op.kind()) {
        case 0 -> {
          model.tick(clock.instant());
          modelResult = model.earn(op.customer(), amount);
          outcome = ledger.execute(Earn.of(key, c, amount, CTX));
        }
        case 1 -> {
          model.tick(clock.instant());
          modelResult = model.redeem(op.customer(), amount);
          outcome = ledger.execute(new Redeem(key, c, amount, CTX));
        }
        case 2 -> {
          model.tick(clock.instant());
          modelResult = model.transfer(op.customer(), other, amount);
          outcome = ledger.execute(new Transfer(key, c, CUSTOMERS.get(other), amount, CTX));
        }
        case 3, 4 -> {
          model.tick(clock.instant());
          boolean known = !records.isEmpty() && op.ref() % 10 != 9;
          PostingId id =
              known ? postingIds.get(op.ref() % records.size()) : new PostingId(c, 99_999);
          Reverse cmd =
              op.kind() == 3 ? Reverse.all(key, id, CTX) : Reverse.part(key, id, amount, CTX);
          if (known) {
            ReferenceModel.Record r = records.get(op.ref() % records.size());
            expected =
                model.reverse(r, op.kind() == 3 ? Math.max(1, r.amount - r.reversed) : amount);
          } else {
            expected = Optional.of(Rejection.UNKNOWN_POSTING);
          }
          outcome = ledger.execute(cmd);
          assertThat(reason(outcome)).as("reverse %s", op).isEqualTo(expected);
          check(ledger, model, clock, op);
          continue;
        }
        case 5 -> {
          model.tick(clock.instant());
          Duration ttl = Duration.ofHours(1 + op.ref());
          modelResult = model.hold(op.customer(), amount, ttl);
          outcome = ledger.execute(new PlaceHold(key, c, Asset.POINTS, amount, ttl, CTX));
          if (modelResult != null) {
            holds.add((ReferenceModel.ModelHold) modelResult);
            holdIds.add(((Outcome.HoldPlaced) outcome).hold().id());
          }
          assertThat(outcome.isApplied()).as("hold %s", op).isEqualTo(modelResult != null);
          check(ledger, model, clock, op);
          continue;
        }
        case 6, 7 -> {
          model.tick(clock.instant());
          boolean known = !holds.isEmpty() && op.ref() % 10 != 9;
          HoldId id = known ? holdIds.get(op.ref() % holds.size()) : new HoldId(c, 99_999);
          if (known) {
            ReferenceModel.ModelHold h = holds.get(op.ref() % holds.size());
            expected = op.kind() == 6 ? model.capture(h, amount) : model.voidHold(h);
          } else {
            expected = Optional.of(Rejection.UNKNOWN_HOLD);
          }
          outcome =
              ledger.execute(
                  op.kind() == 6
                      ? new CaptureHold(key, id, amount, CTX)
                      : new VoidHold(key, id, CTX));
          assertThat(reason(outcome)).as("hold end %s", op).isEqualTo(expected);
          check(ledger, model, clock, op);
          continue;
        }
        case 8 -> {
          Duration move = Duration.ofDays(op.ref() % 10 == 0 ? -3 : op.amount() % 120);
          clock.advance(move);
          model.tick(clock.instant());
          ledger.advance();
          check(ledger, model, clock, op);
          continue;
        }
        case 9 -> {
          model.tick(clock.instant());
          long bonus = op.ref() % 3 == 0 ? 0 : op.ref();
          Duration validity = Duration.ofDays(1 + op.ref() % 60);
          model.topUp(op.customer(), amount, bonus, validity);
          TopUp t = TopUp.of(key, c, Money.ofMinor(EUR, amount), CTX);
          outcome =
              ledger.execute(bonus == 0 ? t : t.withBonus(Money.ofMinor(EUR, bonus), validity));
          assertThat(outcome.isApplied()).isTrue();
          check(ledger, model, clock, op);
          continue;
        }
        case 10 -> {
          model.tick(clock.instant());
          modelResult = model.spend(op.customer(), amount);
          outcome = ledger.execute(new Spend(key, c, Money.ofMinor(EUR, amount), CTX));
        }
        default -> {
          model.tick(clock.instant());
          modelResult = model.cashOut(op.customer(), amount);
          outcome = ledger.execute(new CashOut(key, c, Money.ofMinor(EUR, amount), CTX));
        }
      }
      assertThat(outcome.isApplied()).as("%s: %s", op, outcome).isEqualTo(modelResult != null);
      if (modelResult == null) {
        assertThat(reason(outcome)).contains(Rejection.INSUFFICIENT_BALANCE);
      } else {
        records.add((ReferenceModel.Record) modelResult);
        postingIds.add(((Outcome.Posted) outcome).posting().id());
      }
      check(ledger, model, clock, op);
    }
  }

  private static Optional<Rejection> reason(Outcome o) {
    return o instanceof Outcome.Rejected r ? Optional.of(r.reason()) : Optional.empty();
  }

  private static void check(Ledger ledger, ReferenceModel model, ManualClock clock, Op op) {
    model.tick(clock.instant());
    for (int i = 0; i < CUSTOMERS.size(); i++) {
      PointsBalance p = ledger.points(CUSTOMERS.get(i));
      assertThat(p.posted()).as("points of %d after %s", i, op).isEqualTo(model.pointsOf(i));
      assertThat(p.held()).as("held points of %d after %s", i, op).isEqualTo(model.heldOf(i));
      assertThat(p.available()).isEqualTo(model.pointsOf(i) - model.heldOf(i));
      WalletBalance w = ledger.wallet(CUSTOMERS.get(i), EUR);
      assertThat(w.paid().minorUnits()).as("paid of %d after %s", i, op).isEqualTo(model.paidOf(i));
      assertThat(w.bonus().minorUnits())
          .as("bonus of %d after %s", i, op)
          .isEqualTo(model.bonusOf(i));
    }
  }
}
