package dev.care.it;

import dev.care.core.ledger.ClawbackPolicy;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PointsRounding;
import dev.care.core.ledger.TransferExpiry;
import dev.care.core.wallet.SpendOrder;
import dev.care.core.wallet.WalletPolicy;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.rules.program.WalletSettings;
import java.util.Optional;

/**
 * The salon sample program care-rules ships ({@code salon-program.json}) and the ledger rules the
 * engine derives from it, for replaying journals outside the engine.
 */
final class Salon {
  private static final LoyaltyProgram PROGRAM = load();

  private Salon() {}

  static LoyaltyProgram program() {
    return PROGRAM;
  }

  private static LoyaltyProgram load() {
    return new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  }

  /** The points rules, as CareEngine derives them from a program (its pointsPolicy). */
  static PointsPolicy pointsPolicy() {
    PointsRounding rounding =
        switch (PROGRAM.rounding()) {
          case HALF_UP -> PointsRounding.HALF_UP;
          case HALF_EVEN -> PointsRounding.HALF_EVEN;
          case CEILING -> PointsRounding.UP;
          default -> PointsRounding.DOWN;
        };
    var p = PROGRAM.points();
    return new PointsPolicy(
        rounding,
        Optional.of(p.lotLifetime()),
        p.allowNegativeBalance()
            ? ClawbackPolicy.allowNegative(p.negativeLimit())
            : ClawbackPolicy.reject(),
        TransferExpiry.KEEP);
  }

  /** The wallet rules, as CareEngine derives them from a program (its walletPolicy). */
  static WalletPolicy walletPolicy() {
    WalletSettings w = PROGRAM.wallet();
    return new WalletPolicy(
        w.spendOrder() == WalletSettings.SpendOrder.PAID_FIRST
            ? SpendOrder.PAID_FIRST
            : SpendOrder.SOONEST_EXPIRING_FIRST,
        w.paidValueExpiry());
  }
}
