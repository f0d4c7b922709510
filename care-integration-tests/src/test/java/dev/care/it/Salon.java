package dev.care.it;

import dev.care.core.ledger.PointsPolicy;
import dev.care.core.wallet.WalletPolicy;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;

/**
 * The salon sample program care-rules ships ({@code salon-program.json}) and the ledger rules the
 * engine derives from it, for replaying journals outside the engine.
 */
final class Salon {
  private static final LoyaltyProgram PROGRAM = load();

  /**
   * Survey reply tokens derived from a fixed secret, so runs compared with each other (restarts,
   * two instances, due index against a full scan) plan the same survey texts.
   */
  static final dev.care.rules.engine.SurveyTokens SURVEY_TOKENS =
      dev.care.rules.engine.SurveyTokens.keyed(
          "integration-tests-survey-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private Salon() {}

  static LoyaltyProgram program() {
    return PROGRAM;
  }

  private static LoyaltyProgram load() {
    return new ProgramLoader().loadResource("/dev/care/rules/program/salon-program.json");
  }

  /** The points rules, as CareEngine derives them from the program. */
  static PointsPolicy pointsPolicy() {
    return CareEngine.pointsPolicy(PROGRAM);
  }

  /** The wallet rules, as CareEngine derives them from the program. */
  static WalletPolicy walletPolicy() {
    return CareEngine.walletPolicy(PROGRAM.wallet());
  }
}
