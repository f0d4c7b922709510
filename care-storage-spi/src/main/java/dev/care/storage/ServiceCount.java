package dev.care.storage;

import dev.care.core.satisfaction.ServiceLevel;
import java.util.Objects;

/**
 * How many care actions or staff tasks of one trigger and service level fell due in a period
 * ({@link CareStorage#serviceCounts}).
 *
 * @param work actions or tasks
 * @param trigger the trigger: the idempotency key's first part ({@code birthday}, {@code
 *     escalation}...)
 * @param level the service level aimed at
 * @param count how many, at least 1
 */
public record ServiceCount(Work work, String trigger, ServiceLevel level, long count) {
  /** Validates. */
  public ServiceCount {
    Objects.requireNonNull(work, "work");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(level, "level");
    if (count < 1) {
      throw new IllegalArgumentException("service count must be >= 1, got " + count);
    }
  }

  /**
   * The trigger of an idempotency key: its part before the first {@code ':'} (the whole key when it
   * has none).
   *
   * @param idempotencyKey a care action's or task's key
   * @return the trigger
   */
  public static String triggerOf(String idempotencyKey) {
    int colon = idempotencyKey.indexOf(':');
    return colon < 0 ? idempotencyKey : idempotencyKey.substring(0, colon);
  }

  /** What is counted. */
  public enum Work {
    /** Care actions (messages). */
    ACTION,
    /** Staff tasks. */
    TASK
  }
}
