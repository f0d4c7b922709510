package dev.care.rules.earning;

import dev.care.core.customer.CustomerId;
import dev.care.rules.program.RuleRef;
import java.util.Objects;

/**
 * Points to credit to one customer as one posting.
 *
 * @param beneficiary who receives them (the buyer, or their referrer)
 * @param points how many, at least 1
 * @param qualifying how many of them count toward tiers (0..points)
 * @param rule the rule that produced them, recorded on the posting
 * @param reason plain-language reason for the posting
 */
public record Award(
    CustomerId beneficiary, long points, long qualifying, RuleRef rule, String reason) {
  /** Validates. */
  public Award {
    Objects.requireNonNull(beneficiary, "beneficiary");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
    if (points < 1) {
      throw new IllegalArgumentException("award points must be >= 1, got " + points);
    }
    if (qualifying < 0 || qualifying > points) {
      throw new IllegalArgumentException(
          "award qualifying must be 0.." + points + ", got " + qualifying);
    }
  }
}
