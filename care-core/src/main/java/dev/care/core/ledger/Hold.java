package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A two-phase reservation of points or stored value (checkout flows). It reserves specific lots
 * when placed, so it can always be captured, and it ends exactly once: captured (fully or partly),
 * voided or expired (L20, L21).
 *
 * @param id the hold id
 * @param customer whose value it reserves
 * @param asset points or a currency
 * @param amount the reserved amount
 * @param placedAt when it was placed
 * @param expiresAt when it expires if still open
 * @param status where it is in its life
 * @param captured how much was captured (0 unless captured)
 * @param reservations the lots reserved, in draw order
 * @param context why it was placed
 */
public record Hold(
    HoldId id,
    CustomerId customer,
    Asset asset,
    long amount,
    Instant placedAt,
    Instant expiresAt,
    HoldStatus status,
    long captured,
    List<Reservation> reservations,
    PostingContext context) {
  /** Validates. */
  public Hold {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(placedAt, "placedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(context, "context");
    reservations = List.copyOf(reservations);
    long sum = 0;
    for (Reservation r : reservations) {
      sum = Math.addExact(sum, r.quantity());
    }
    if (amount <= 0 || sum != amount) {
      throw new IllegalArgumentException(
          "hold "
              + id
              + " amount "
              + amount
              + " must be positive and equal its reservations "
              + sum);
    }
    if (captured < 0 || captured > amount || (captured > 0) != (status == HoldStatus.CAPTURED)) {
      throw new IllegalArgumentException(
          "hold " + id + " captured " + captured + " is inconsistent with " + status);
    }
  }

  /**
   * This hold, ended.
   *
   * @param newStatus how it ended
   * @param capturedAmount the captured amount (0 unless captured)
   * @return a copy
   */
  public Hold ended(HoldStatus newStatus, long capturedAmount) {
    return new Hold(
        id,
        customer,
        asset,
        amount,
        placedAt,
        expiresAt,
        newStatus,
        capturedAmount,
        reservations,
        context);
  }
}
