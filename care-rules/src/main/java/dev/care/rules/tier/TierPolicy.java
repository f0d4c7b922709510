package dev.care.rules.tier;

import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.event.TierChanged;
import dev.care.rules.program.TierLevel;
import dev.care.rules.program.TierRules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Reviews a customer's tier. Pure: the caller supplies the qualifying figures.
 *
 * <ul>
 *   <li>The earned tier is the highest whose threshold the qualifying figure reaches. With a {@link
 *       TierRules.Window#ROLLING} window the figure is the sum over the last {@code rollingWindow}.
 *       With {@link TierRules.Window#CALENDAR_YEAR} a tier earned in one year is kept through the
 *       next: the earned tier is the better of this year's and last year's, so a shortfall only
 *       shows at the year's end.
 *   <li>Upgrades take effect at once.
 *   <li>A customer who falls short keeps the tier for {@code gracePeriod} from the first review
 *       that saw the shortfall; if still short after it, they move down to the earned tier.
 *       Recovering in the meantime cancels the grace.
 *   <li>A manual floor always wins: the effective tier is never below it.
 * </ul>
 */
public final class TierPolicy {
  private final TierRules rules;
  private final ZoneId zone;

  /**
   * Creates the policy.
   *
   * @param rules the program's tier rules
   * @param zone the program's time zone (for calendar years)
   */
  public TierPolicy(TierRules rules, ZoneId zone) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /**
   * Where the current qualification window starts.
   *
   * @param now the instant of the review
   * @return now − rolling window, or 1 January of now's year in the program's zone
   */
  public Instant windowStart(Instant now) {
    if (rules.window() == TierRules.Window.ROLLING) {
      return now.minus(rules.rollingWindow());
    }
    return LocalDate.ofInstant(now, zone).withDayOfYear(1).atStartOfDay(zone).toInstant();
  }

  /**
   * Where the previous calendar year starts (for calendar-year programs).
   *
   * @param now the instant of the review
   * @return 1 January of the year before now's
   */
  public Instant previousYearStart(Instant now) {
    return LocalDate.ofInstant(now, zone)
        .withDayOfYear(1)
        .minusYears(1)
        .atStartOfDay(zone)
        .toInstant();
  }

  /**
   * The tier for a new member.
   *
   * @return the lowest tier
   */
  public TierStatus initial() {
    return TierStatus.of(rules.levels().get(0).id());
  }

  /**
   * Reviews a customer.
   *
   * @param customer the customer (for the event)
   * @param status the status before
   * @param qualifyingCurrent qualifying points or spend in the current window
   * @param qualifyingPreviousYear for calendar-year programs, last year's total (ignored otherwise)
   * @param now the instant of the review
   * @return the new status and the change, if any
   * @throws IllegalArgumentException if the status names a tier the program does not have, or a
   *     figure is negative
   */
  public TierReview review(
      CustomerId customer,
      TierStatus status,
      long qualifyingCurrent,
      long qualifyingPreviousYear,
      Instant now) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(now, "now");
    if (qualifyingCurrent < 0 || qualifyingPreviousYear < 0) {
      throw new IllegalArgumentException(
          "qualifying figures must be >= 0, got "
              + qualifyingCurrent
              + " and "
              + qualifyingPreviousYear);
    }
    TierLevel earned = rules.levelFor(qualifyingCurrent);
    if (rules.window() == TierRules.Window.CALENDAR_YEAR) {
      TierLevel last = rules.levelFor(qualifyingPreviousYear);
      if (last.threshold() > earned.threshold()) {
        earned = last;
      }
    }
    int currentRank = rules.rank(status.current());
    int floorRank = status.floor().map(rules::rank).orElse(0);
    int target = Math.max(rules.levels().indexOf(earned), floorRank);
    TierId targetId = rules.levels().get(target).id();
    if (target > currentRank) {
      return change(customer, status, targetId, Optional.empty(), now, "qualified for " + targetId);
    }
    if (target == currentRank) {
      TierStatus keep = new TierStatus(status.current(), status.floor(), Optional.empty());
      return new TierReview(keep, Optional.empty());
    }
    Instant since = status.belowSince().orElse(now);
    if (Duration.between(since, now).compareTo(rules.gracePeriod()) >= 0) {
      return change(
          customer,
          status,
          targetId,
          Optional.empty(),
          now,
          "below "
              + status.current()
              + " since "
              + since
              + ", grace of "
              + rules.gracePeriod().toDays()
              + " days over");
    }
    TierStatus grace = new TierStatus(status.current(), status.floor(), Optional.of(since));
    return new TierReview(grace, Optional.empty());
  }

  private static TierReview change(
      CustomerId customer,
      TierStatus status,
      TierId to,
      Optional<Instant> belowSince,
      Instant now,
      String reason) {
    TierStatus next = new TierStatus(to, status.floor(), belowSince);
    return new TierReview(
        next,
        Optional.of(
            new TierChanged(
                customer, now, Optional.of(status.current()), Optional.of(to), reason)));
  }

  /**
   * Sets or clears a manual floor; if the floor is above the current tier the customer moves up at
   * once.
   *
   * @param customer the customer
   * @param status the status before
   * @param floor the new floor, or empty to clear it
   * @param now when
   * @return the new status and the change, if the tier changed
   */
  public TierReview override(
      CustomerId customer, TierStatus status, Optional<TierId> floor, Instant now) {
    Objects.requireNonNull(floor, "floor");
    floor.ifPresent(rules::rank);
    TierStatus withFloor = status.withFloor(floor);
    if (floor.isPresent() && rules.rank(floor.get()) > rules.rank(status.current())) {
      return change(customer, withFloor, floor.get(), Optional.empty(), now, "manual override");
    }
    return new TierReview(withFloor, Optional.empty());
  }
}
