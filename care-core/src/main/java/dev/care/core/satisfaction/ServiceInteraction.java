package dev.care.core.satisfaction;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One contact with a customer — an inquiry, complaint, repair or visit — and everything that shapes
 * how it is remembered: observed factors, turnaround time against its target, hand-offs,
 * interruptions, repeated repairs, the outcome and the customer's temperament. Service history
 * survives staff changes: interactions are never deleted, only closed.
 *
 * @param id the merchant's interaction id
 * @param customerId the customer
 * @param kind what it was about
 * @param channel how it took place
 * @param openedAt when it was opened
 * @param closedAt when it was closed; present exactly when {@code outcome} is
 * @param outcome how it ended; present exactly when {@code closedAt} is
 * @param turnaroundTarget the target turnaround time, if any
 * @param handOffs how many times the customer was passed to someone else
 * @param interruptions how many times service stopped while the customer waited
 * @param repeatRepairCount how many times the same fault has been repaired, counting this one (0
 *     when not a repair)
 * @param observedFactors factors observed, each at most once
 * @param temperament the customer's observed temperament, if noted
 * @param responsibleStaff the one responsible person, if assigned
 */
public record ServiceInteraction(
    String id,
    CustomerId customerId,
    InteractionKind kind,
    Channel channel,
    Instant openedAt,
    Optional<Instant> closedAt,
    Optional<InteractionOutcome> outcome,
    Optional<Duration> turnaroundTarget,
    int handOffs,
    int interruptions,
    int repeatRepairCount,
    List<ObservedFactor> observedFactors,
    Optional<Temperament> temperament,
    Optional<String> responsibleStaff) {

  /** Validates every field and their consistency. */
  public ServiceInteraction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(closedAt, "closedAt");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(turnaroundTarget, "turnaroundTarget");
    Objects.requireNonNull(observedFactors, "observedFactors");
    Objects.requireNonNull(temperament, "temperament");
    Objects.requireNonNull(responsibleStaff, "responsibleStaff");
    if (id.isBlank() || id.length() > 128) {
      throw new IllegalArgumentException(
          "interaction id must be 1..128 non-blank characters, got '" + id + "'");
    }
    if (closedAt.isPresent() != outcome.isPresent()) {
      throw new IllegalArgumentException(
          "interaction "
              + id
              + ": closedAt and outcome must be both present or both empty, got "
              + closedAt
              + " and "
              + outcome);
    }
    if (closedAt.isPresent() && closedAt.get().isBefore(openedAt)) {
      throw new IllegalArgumentException(
          "interaction " + id + ": closedAt " + closedAt.get() + " is before openedAt " + openedAt);
    }
    turnaroundTarget.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException(
                "interaction " + id + ": turnaroundTarget must be > 0, got " + t);
          }
        });
    checkCount(id, "handOffs", handOffs);
    checkCount(id, "interruptions", interruptions);
    checkCount(id, "repeatRepairCount", repeatRepairCount);
    observedFactors = List.copyOf(observedFactors);
    if (observedFactors.stream().map(ObservedFactor::code).distinct().count()
        != observedFactors.size()) {
      throw new IllegalArgumentException(
          "interaction " + id + ": a factor is observed twice in " + observedFactors);
    }
  }

  private static void checkCount(String id, String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "interaction " + id + ": " + name + " must be >= 0, got " + value);
    }
  }

  /**
   * A newly opened interaction with no detail yet.
   *
   * @param id the interaction id
   * @param customerId the customer
   * @param kind what it is about
   * @param channel how it takes place
   * @param openedAt when it was opened
   * @return the open interaction
   */
  public static ServiceInteraction open(
      String id, CustomerId customerId, InteractionKind kind, Channel channel, Instant openedAt) {
    return new ServiceInteraction(
        id,
        customerId,
        kind,
        channel,
        openedAt,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        0,
        0,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Whether it is still open.
   *
   * @return true while not closed
   */
  public boolean isOpen() {
    return closedAt.isEmpty();
  }

  /**
   * The turnaround time: opening to closing.
   *
   * @return the duration, empty while open
   */
  public Optional<Duration> turnaround() {
    return closedAt.map(c -> Duration.between(openedAt, c));
  }

  /**
   * Whether the turnaround met its target. Open interactions and those without a target count as
   * within target.
   *
   * @return false only for a closed interaction that took longer than its target
   */
  public boolean withinTarget() {
    return turnaroundTarget.isEmpty()
        || turnaround().map(t -> t.compareTo(turnaroundTarget.get()) <= 0).orElse(true);
  }

  /**
   * Whether an open interaction has passed its target at an instant (escalation is due).
   *
   * @param now the instant
   * @return true if still open and older than its target
   */
  public boolean isOverdue(Instant now) {
    return isOpen()
        && turnaroundTarget.isPresent()
        && Duration.between(openedAt, now).compareTo(turnaroundTarget.get()) > 0;
  }

  /**
   * When it ended, or when it was opened while still open: the instant it is remembered by.
   *
   * @return closedAt, else openedAt
   */
  public Instant lastMoment() {
    return closedAt.orElse(openedAt);
  }

  /**
   * A copy with a factor observed (replacing an earlier observation of the same factor).
   *
   * @param factor the observation
   * @return the new interaction
   */
  public ServiceInteraction observe(ObservedFactor factor) {
    Objects.requireNonNull(factor, "factor");
    List<ObservedFactor> list =
        new java.util.ArrayList<>(
            observedFactors.stream().filter(f -> !f.code().equals(factor.code())).toList());
    list.add(factor);
    return new ServiceInteraction(
        id,
        customerId,
        kind,
        channel,
        openedAt,
        closedAt,
        outcome,
        turnaroundTarget,
        handOffs,
        interruptions,
        repeatRepairCount,
        list,
        temperament,
        responsibleStaff);
  }

  /**
   * A copy with the process details set.
   *
   * @param target the turnaround target, if any
   * @param newHandOffs hand-offs so far
   * @param newInterruptions interruptions so far
   * @param newRepeatRepairCount repair count
   * @return the new interaction
   */
  public ServiceInteraction withProcess(
      Optional<Duration> target, int newHandOffs, int newInterruptions, int newRepeatRepairCount) {
    return new ServiceInteraction(
        id,
        customerId,
        kind,
        channel,
        openedAt,
        closedAt,
        outcome,
        target,
        newHandOffs,
        newInterruptions,
        newRepeatRepairCount,
        observedFactors,
        temperament,
        responsibleStaff);
  }

  /**
   * A copy with the observed temperament.
   *
   * @param observed the temperament
   * @return the new interaction
   */
  public ServiceInteraction withTemperament(Temperament observed) {
    return withTemperament(Optional.of(observed));
  }

  private ServiceInteraction withTemperament(Optional<Temperament> observed) {
    return new ServiceInteraction(
        id,
        customerId,
        kind,
        channel,
        openedAt,
        closedAt,
        outcome,
        turnaroundTarget,
        handOffs,
        interruptions,
        repeatRepairCount,
        observedFactors,
        observed,
        responsibleStaff);
  }

  /**
   * The interaction as erasure leaves it (the right to be forgotten): without the temperament
   * observed in the customer, the one personal note it holds; the facts the satisfaction index and
   * the service reports need stay.
   *
   * @return the erased copy
   */
  public ServiceInteraction erased() {
    return withTemperament(Optional.empty());
  }

  /**
   * A copy with a responsible person assigned.
   *
   * @param staff the person's id or name
   * @return the new interaction
   */
  public ServiceInteraction withResponsibleStaff(String staff) {
    return new ServiceInteraction(
        id,
        customerId,
        kind,
        channel,
        openedAt,
        closedAt,
        outcome,
        turnaroundTarget,
        handOffs,
        interruptions,
        repeatRepairCount,
        observedFactors,
        temperament,
        Optional.of(staff));
  }

  /**
   * Closes the interaction.
   *
   * @param at when
   * @param result how it ended
   * @return the closed interaction
   * @throws IllegalStateException if already closed
   */
  public ServiceInteraction close(Instant at, InteractionOutcome result) {
    if (!isOpen()) {
      throw new IllegalStateException("interaction " + id + " is already closed");
    }
    return new ServiceInteraction(
        id,
        customerId,
        kind,
        channel,
        openedAt,
        Optional.of(at),
        Optional.of(result),
        turnaroundTarget,
        handOffs,
        interruptions,
        repeatRepairCount,
        observedFactors,
        temperament,
        responsibleStaff);
  }

  /**
   * Whether any observed factor is a dissatisfier in the catalogue.
   *
   * @param catalogue the program's factors
   * @return true if a dissatisfier was observed
   */
  public boolean hasDissatisfier(FactorCatalogue catalogue) {
    return observedFactors.stream()
        .anyMatch(f -> catalogue.require(f.code()).kind() == FactorKind.DISSATISFIER);
  }
}
