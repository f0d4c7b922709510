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
    return ORDER.compare(this, of(task)) < 0;
  }

  /** The queue's order: priority descending, due, customer, key. */
  public static final java.util.Comparator<TaskCursor> ORDER =
      java.util.Comparator.comparing(TaskCursor::priority, java.util.Comparator.reverseOrder())
          .thenComparing(TaskCursor::due)
          .thenComparing(c -> c.customerId().value())
          .thenComparing(TaskCursor::key);

  /** The queue's order on tasks. */
  public static final java.util.Comparator<CareTask> TASK_ORDER =
      java.util.Comparator.comparing(TaskCursor::of, ORDER);
}
