package dev.care.core.care;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a page of the staff task queue ended: the last task's sort key. The queue is ordered by
 * priority (most urgent first), then due time (earliest first), then customer and key (ties), so
 * the next page starts strictly after this position whatever was added or finished meanwhile.
 *
 * @param priority the last task's priority
 * @param due the last task's due time
 * @param customerId the last task's customer
 * @param key the last task's key
 */
public record TaskCursor(Priority priority, Instant due, CustomerId customerId, String key) {
  /** Validates. */
  public TaskCursor {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(key, "key");
  }

  /**
   * The position of a task.
   *
   * @param task the task
   * @return its cursor
   */
  public static TaskCursor of(CareTask task) {
    return new TaskCursor(task.priority(), task.due(), task.customerId(), task.idempotencyKey());
  }

  /**
   * Whether a task sorts after this position in the queue's order.
   *
   * @param task a task
   * @return true if it comes later
   */
  public boolean precedes(CareTask task) {
    return compare(
            priority,
            due,
            customerId,
            key,
            task.priority(),
            task.due(),
            task.customerId(),
            task.idempotencyKey())
        < 0;
  }

  /** The queue's order: priority descending, due, customer, key. */
  public static final java.util.Comparator<TaskCursor> ORDER =
      (a, b) ->
          compare(a.priority, a.due, a.customerId, a.key, b.priority, b.due, b.customerId, b.key);

  /** The queue's order on tasks (as {@link #ORDER} on their cursors, without making them). */
  public static final java.util.Comparator<CareTask> TASK_ORDER =
      (a, b) ->
          compare(
              a.priority(),
              a.due(),
              a.customerId(),
              a.idempotencyKey(),
              b.priority(),
              b.due(),
              b.customerId(),
              b.idempotencyKey());

  private static int compare(
      Priority p1,
      Instant d1,
      CustomerId c1,
      String k1,
      Priority p2,
      Instant d2,
      CustomerId c2,
      String k2) {
    int c = p2.compareTo(p1);
    if (c == 0) {
      c = d1.compareTo(d2);
    }
    if (c == 0) {
      c = c1.value().compareTo(c2.value());
    }
    return c != 0 ? c : k1.compareTo(k2);
  }
}
