package dev.care.rules.trigger;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a trigger decided: messages to send, tasks for staff, goodwill to credit, and what it
 * skipped and why (no consent, suppressed while a complaint is open...).
 *
 * @param actions messages to send
 * @param tasks staff tasks
 * @param goodwill goodwill points to credit
 * @param skipped occasions not acted on, with the reason
 */
public record CarePlan(
    List<CareAction> actions, List<CareTask> tasks, List<Goodwill> goodwill, List<String> skipped) {

  /**
   * Goodwill points to credit as service recovery.
   *
   * @param idempotencyKey the occasion's key, also the posting's key
   * @param points how many
   * @param reason why
   */
  public record Goodwill(String idempotencyKey, long points, String reason) {
    /** Validates. */
    public Goodwill {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(reason, "reason");
      if (points < 1) {
        throw new IllegalArgumentException("goodwill points must be >= 1, got " + points);
      }
    }
  }

  /** Copies. */
  public CarePlan {
    actions = List.copyOf(actions);
    tasks = List.copyOf(tasks);
    goodwill = List.copyOf(goodwill);
    skipped = List.copyOf(skipped);
  }

  /**
   * Nothing to do.
   *
   * @return an empty plan
   */
  public static CarePlan empty() {
    return new CarePlan(List.of(), List.of(), List.of(), List.of());
  }

  /**
   * Both plans together.
   *
   * @param other another plan
   * @return the union, this plan's items first
   */
  public CarePlan plus(CarePlan other) {
    // plans are immutable: a union with a plan holding nothing at all is the other plan
    if (other.holdsNothing()) {
      return this;
    }
    if (holdsNothing()) {
      return other;
    }
    return new CarePlan(
        concat(actions, other.actions),
        concat(tasks, other.tasks),
        concat(goodwill, other.goodwill),
        concat(skipped, other.skipped));
  }

  private boolean holdsNothing() {
    return isEmpty() && skipped.isEmpty();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * Whether the plan does anything.
   *
   * @return true if there is an action, task or goodwill
   */
  public boolean isEmpty() {
    return actions.isEmpty() && tasks.isEmpty() && goodwill.isEmpty();
  }
}
