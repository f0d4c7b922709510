package dev.care.core.care;

import dev.care.core.error.CareException;

/**
 * A staff task was asked to move to a status its current status does not lead to (e.g. completing a
 * cancelled task, or assigning a task someone else has taken). Nothing was changed.
 */
public final class TaskTransitionException extends CareException {
  private static final long serialVersionUID = 1L;

  private final String task;
  private final TaskStatus current;
  private final TaskStatus requested;

  /**
   * Creates the exception.
   *
   * @param task the task
   * @param current its status
   * @param requested the status asked for
   * @param why what is wrong, in a few words
   */
  public TaskTransitionException(
      TaskKey task, TaskStatus current, TaskStatus requested, String why) {
    super(
        "task "
            + task
            + " is "
            + current
            + " and cannot become "
            + requested
            + (why.isEmpty() ? "" : ": " + why));
    this.task = task.toString();
    this.current = current;
    this.requested = requested;
  }

  /**
   * The task, as {@code CUSTOMER/KEY}.
   *
   * @return the task
   */
  public String task() {
    return task;
  }

  /**
   * The task's status when asked.
   *
   * @return the status
   */
  public TaskStatus current() {
    return current;
  }

  /**
   * The status asked for.
   *
   * @return the status
   */
  public TaskStatus requested() {
    return requested;
  }
}
