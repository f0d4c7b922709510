package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.AccountId;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Lot;
import dev.care.rules.segment.CustomerAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A customer's segment projection as a unit of work leaves it: the attributes as of the unit, and
 * the points that time alone makes available later (the pending lots), so the segments count them
 * when they are due without a unit of work per activation (nothing is written when points become
 * available; the nightly run does not visit a customer for it).
 *
 * @param attributes the attributes as of the unit ({@code pointsBalance}: the points available
 *     then)
 * @param activations the pending points, by activation instant
 */
record Projection(CustomerAttributes attributes, List<Activation> activations) {
  /** Validates. */
  Projection {
    Objects.requireNonNull(attributes, "attributes");
    activations = List.copyOf(activations);
    for (int i = 1; i < activations.size(); i++) {
      if (activations.get(i).at().isBefore(activations.get(i - 1).at())) {
        throw new IllegalArgumentException(
            "activations must be in time order, got "
                + activations.get(i - 1)
                + " before "
                + activations.get(i));
      }
    }
  }

  /**
   * Points of a pending lot that become available at an instant.
   *
   * @param at when they become available
   * @param points how many, more than 0
   */
  record Activation(Instant at, long points) {
    /** Validates. */
    Activation {
      Objects.requireNonNull(at, "at");
      if (points <= 0) {
        throw new IllegalArgumentException("an activation needs points > 0, got " + points);
      }
    }
  }

  /** Attributes without pending points (a customer with none, or one erased). */
  static Projection of(CustomerAttributes attributes) {
    return new Projection(attributes, List.of());
  }

  /**
   * Attributes with the customer's pending points from their ledger: each pending lot's free points
   * at its activation (what {@code available} gains then).
   */
  static Projection of(CustomerAttributes attributes, Ledger ledger, CustomerId customer) {
    Instant now = ledger.time();
    List<Activation> pending = new ArrayList<>(2);
    for (Lot lot : ledger.lots(AccountId.points(customer))) {
      if (lot.isPendingAt(now) && lot.free() > 0) {
        pending.add(new Activation(lot.activatesAt(), lot.free()));
      }
    }
    if (pending.size() > 1) {
      pending.sort(Comparator.comparing(Activation::at));
    }
    return new Projection(attributes, pending);
  }

  /**
   * The attributes at an instant: the points of the activations due by then added.
   *
   * @param at the instant
   * @return the attributes then
   */
  CustomerAttributes attributesAt(Instant at) {
    long due = pointsDueBy(at);
    if (due == 0) {
      return attributes;
    }
    long points =
        Math.min(CustomerAttributes.MAX_AMOUNT, Math.addExact(attributes.pointsBalance(), due));
    return attributes.toBuilder().pointsBalance(points).build();
  }

  /** The points of the activations at or before an instant. */
  long pointsDueBy(Instant at) {
    long sum = 0;
    for (Activation a : activations) {
      if (a.at().isAfter(at)) {
        break;
      }
      sum += a.points();
    }
    return sum;
  }
}
