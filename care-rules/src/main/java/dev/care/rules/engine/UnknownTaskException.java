package dev.care.rules.engine;

import dev.care.core.care.TaskKey;
import dev.care.core.error.CareException;

/**
 * A task command named a staff task the storage does not hold (never planned, or erased with its
 * customer). Nothing was changed.
 */
public final class UnknownTaskException extends CareException {
  private static final long serialVersionUID = 1L;

  private final String task;

  /**
   * Creates the exception.
   *
   * @param task the task asked about
   */
  public UnknownTaskException(TaskKey task) {
    super("unknown care task " + task + " (never planned, or erased with its customer)");
    this.task = task.toString();
  }

  /**
   * The task asked about, as {@code CUSTOMER/KEY}.
   *
   * @return the task
   */
  public String task() {
    return task;
  }
}
