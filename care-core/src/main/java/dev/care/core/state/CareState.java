package dev.care.core.state;

import dev.care.core.customer.CustomerId;
import dev.care.core.lifecycle.LifecycleStage;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine knows about one customer beyond their file, consumption and journal: the care
 * state that must survive a restart and be the same on every application instance. Stored as one
 * versioned record per customer, written in the same unit of work as the journal rows, care actions
 * and outbox messages a command produces (see DESIGN.md, "State and scale").
 *
 * @param customer the customer
 * @param journalLength the last sequence of the customer's journal (0 before the first transaction)
 * @param stage the life-cycle stage last reviewed, empty before the first review
 * @param manualTier a tier set by staff until an instant (a floor or a fixed tier), if any
 * @param tierBelowSince when the customer first fell short of their tier, while in grace
 * @param winBackSent when the open win-back occasion began (the slip was noticed), if one is open
 * @param advancedUntil how far time has been advanced for this customer (greetings, return visits
 *     and other windows start here)
 * @param nextDue the next instant at which something falls due for this customer, if any
 * @param attributes the customer's compact segment projection (attribute name to value), read in
 *     one streaming pass when an engine starts
 * @param referrer the customer who referred this one, set at registration and never changed
 */
public record CareState(
    CustomerId customer,
    long journalLength,
    Optional<LifecycleStage> stage,
    Optional<ManualTier> manualTier,
    Optional<Instant> tierBelowSince,
    Optional<Instant> winBackSent,
    Instant advancedUntil,
    Optional<Instant> nextDue,
    Map<String, String> attributes,
    Optional<CustomerId> referrer) {

  /** Validates and copies. */
  public CareState {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(manualTier, "manualTier");
    Objects.requireNonNull(tierBelowSince, "tierBelowSince");
    Objects.requireNonNull(winBackSent, "winBackSent");
    Objects.requireNonNull(advancedUntil, "advancedUntil");
    Objects.requireNonNull(nextDue, "nextDue");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(referrer, "referrer");
    if (referrer.isPresent() && referrer.get().equals(customer)) {
      throw new IllegalArgumentException("customer " + customer + " cannot be their own referrer");
    }
    if (journalLength < 0) {
      throw new IllegalArgumentException(
          "journalLength must be >= 0, got " + journalLength + " for " + customer);
    }
    attributes = Map.copyOf(attributes);
  }

  /**
   * The state of a customer the engine has not seen yet.
   *
   * @param customer the customer
   * @param since the instant from which time is advanced for them (their registration)
   * @return the initial state
   */
  public static CareState initial(CustomerId customer, Instant since) {
    return new CareState(
        customer,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        since,
        Optional.empty(),
        Map.of(),
        Optional.empty());
  }

  /**
   * A copy with another journal length.
   *
   * @param length the new last sequence
   * @return the copy
   */
  public CareState withJournalLength(long length) {
    return new CareState(
        customer,
        length,
        stage,
        manualTier,
        tierBelowSince,
        winBackSent,
        advancedUntil,
        nextDue,
        attributes,
        referrer);
  }

  /**
   * A copy with another stage.
   *
   * @param newStage the stage
   * @return the copy
   */
  public CareState withStage(Optional<LifecycleStage> newStage) {
    return new CareState(
        customer,
        journalLength,
        newStage,
        manualTier,
        tierBelowSince,
        winBackSent,
        advancedUntil,
        nextDue,
        attributes,
        referrer);
  }

  /**
   * A copy with another manual tier and grace start.
   *
   * @param manual the manual tier set by staff, or empty
   * @param belowSince the grace start
   * @return the copy
   */
  public CareState withTier(Optional<ManualTier> manual, Optional<Instant> belowSince) {
    return new CareState(
        customer,
        journalLength,
        stage,
        manual,
        belowSince,
        winBackSent,
        advancedUntil,
        nextDue,
        attributes,
        referrer);
  }

  /**
   * A copy with another win-back occasion.
   *
   * @param sent when it began, or empty when none is open
   * @return the copy
   */
  public CareState withWinBackSent(Optional<Instant> sent) {
    return new CareState(
        customer,
        journalLength,
        stage,
        manualTier,
        tierBelowSince,
        sent,
        advancedUntil,
        nextDue,
        attributes,
        referrer);
  }

  /**
   * A copy advanced to an instant (never backwards: an earlier instant keeps the current one).
   *
   * @param until the instant
   * @return the copy
   */
  public CareState withAdvancedUntil(Instant until) {
    return new CareState(
        customer,
        journalLength,
        stage,
        manualTier,
        tierBelowSince,
        winBackSent,
        until.isAfter(advancedUntil) ? until : advancedUntil,
        nextDue,
        attributes,
        referrer);
  }

  /**
   * A copy with another next-due instant.
   *
   * @param due the instant, or empty
   * @return the copy
   */
  public CareState withNextDue(Optional<Instant> due) {
    return new CareState(
        customer,
        journalLength,
        stage,
        manualTier,
        tierBelowSince,
        winBackSent,
        advancedUntil,
        due,
        attributes,
        referrer);
  }

  /**
   * A copy with another segment projection.
   *
   * @param newAttributes the attributes
   * @return the copy
   */
  public CareState withAttributes(Map<String, String> newAttributes) {
    return new CareState(
        customer,
        journalLength,
        stage,
        manualTier,
        tierBelowSince,
        winBackSent,
        advancedUntil,
        nextDue,
        newAttributes,
        referrer);
  }

  /**
   * A copy with a referrer.
   *
   * @param newReferrer the customer who referred this one, or empty
   * @return the copy
   */
  public CareState withReferrer(Optional<CustomerId> newReferrer) {
    return new CareState(
        customer,
        journalLength,
        stage,
        manualTier,
        tierBelowSince,
        winBackSent,
        advancedUntil,
        nextDue,
        attributes,
        newReferrer);
  }
}
