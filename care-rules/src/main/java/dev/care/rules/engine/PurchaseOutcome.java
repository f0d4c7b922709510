package dev.care.rules.engine;

import dev.care.core.ledger.Outcome;
import dev.care.rules.earning.EarnDecision;
import dev.care.rules.trigger.CarePlan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What recording a purchase did.
 *
 * @param duplicate true when this purchase id was already recorded (nothing changed)
 * @param decision the earning decision, with the rules that applied and why (empty for a duplicate)
 * @param earnings the ledger outcome of each award
 * @param care the care actions planned (welcome, e-bill)
 */
public record PurchaseOutcome(
    boolean duplicate, Optional<EarnDecision> decision, List<Outcome> earnings, CarePlan care) {
  /** Validates. */
  public PurchaseOutcome {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(care, "care");
    earnings = List.copyOf(earnings);
  }

  /**
   * Points credited to anyone by this purchase.
   *
   * @return the total
   */
  public long pointsEarned() {
    return earnings.stream()
        .filter(o -> o instanceof Outcome.Posted)
        .mapToLong(o -> ((Outcome.Posted) o).bills().stream().mapToLong(b -> b.amount()).sum())
        .sum();
  }
}
