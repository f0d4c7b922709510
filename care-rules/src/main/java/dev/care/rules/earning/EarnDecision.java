package dev.care.rules.earning;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of earning on one purchase: the awards to post and why.
 *
 * @param awards postings to make, possibly none (the purchase earned nothing)
 * @param applied every rule that changed the outcome, in the order applied
 */
public record EarnDecision(List<Award> awards, List<AppliedRule> applied) {
  /** Copies. */
  public EarnDecision {
    awards = List.copyOf(Objects.requireNonNull(awards, "awards"));
    applied = List.copyOf(Objects.requireNonNull(applied, "applied"));
  }

  /**
   * Points awarded to the buyer in total.
   *
   * @param request the request this decision answers
   * @return the buyer's points
   */
  public long buyerPoints(EarnRequest request) {
    return awards.stream()
        .filter(a -> a.beneficiary().equals(request.purchase().customerId()))
        .mapToLong(Award::points)
        .sum();
  }
}
