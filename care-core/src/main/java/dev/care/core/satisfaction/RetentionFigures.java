package dev.care.core.satisfaction;

/**
 * Figures from long-term customer surveys, used as defaults for risk and impact estimates. All
 * rates are percentages 0–100 so that they stay exact.
 *
 * @param badServiceLossPercent customers driven away by bad service (default 94)
 * @param unresolvedLossPercent customers who leave when their problem is not solved (default 89)
 * @param dissatisfiedTellsOthers people a dissatisfied customer tells (default 9)
 * @param complainersUnhappyWithHandlingPercent complainers unhappy with how the complaint went (67)
 * @param resolvedWellRetentionPercent complainers kept when the complaint is resolved well (75)
 * @param resolvedFastRetentionPercent kept when resolved fast and with special attention (95)
 * @param acquisitionCostMultiple how many times more winning a customer costs than keeping one (6)
 */
public record RetentionFigures(
    int badServiceLossPercent,
    int unresolvedLossPercent,
    int dissatisfiedTellsOthers,
    int complainersUnhappyWithHandlingPercent,
    int resolvedWellRetentionPercent,
    int resolvedFastRetentionPercent,
    int acquisitionCostMultiple) {

  /** Validates the ranges. */
  public RetentionFigures {
    percent("badServiceLossPercent", badServiceLossPercent);
    percent("unresolvedLossPercent", unresolvedLossPercent);
    percent("complainersUnhappyWithHandlingPercent", complainersUnhappyWithHandlingPercent);
    percent("resolvedWellRetentionPercent", resolvedWellRetentionPercent);
    percent("resolvedFastRetentionPercent", resolvedFastRetentionPercent);
    if (dissatisfiedTellsOthers < 0) {
      throw new IllegalArgumentException(
          "dissatisfiedTellsOthers must be >= 0, got " + dissatisfiedTellsOthers);
    }
    if (acquisitionCostMultiple < 1) {
      throw new IllegalArgumentException(
          "acquisitionCostMultiple must be >= 1, got " + acquisitionCostMultiple);
    }
  }

  private static void percent(String name, int v) {
    if (v < 0 || v > 100) {
      throw new IllegalArgumentException(name + " must be 0..100, got " + v);
    }
  }

  /**
   * The survey defaults of the domain brief.
   *
   * @return 94, 89, 9, 67, 75, 95, 6
   */
  public static RetentionFigures defaults() {
    return new RetentionFigures(94, 89, 9, 67, 75, 95, 6);
  }

  /**
   * The chance, in percent, that a customer stays after a complaint handled this way.
   *
   * @param complaint a complaint (or any interaction)
   * @param now the instant of the estimate (decides whether an open one is overdue)
   * @return 95 for a resolution within target, 75 for a later resolution, {@code 100 −
   *     unresolvedLossPercent} otherwise; for an open interaction, {@code 100 −
   *     badServiceLossPercent} if it is overdue at {@code now}, else the well-resolved figure
   */
  public int retentionPercent(ServiceInteraction complaint, java.time.Instant now) {
    if (complaint.isOpen()) {
      return complaint.isOverdue(now) ? 100 - badServiceLossPercent : resolvedWellRetentionPercent;
    }
    if (complaint.outcome().orElseThrow() == InteractionOutcome.RESOLVED) {
      return complaint.withinTarget() ? resolvedFastRetentionPercent : resolvedWellRetentionPercent;
    }
    return 100 - unresolvedLossPercent;
  }
}
