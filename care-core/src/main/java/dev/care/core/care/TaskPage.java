package dev.care.core.care;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the staff task queue.
 *
 * @param tasks the tasks, in queue order (priority, then due time)
 * @param next where the next page starts, empty when this page is the last
 */
public record TaskPage(List<CareTask> tasks, Optional<TaskCursor> next) {
  /** Validates and copies. */
  public TaskPage {
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(next, "next");
    tasks = List.copyOf(tasks);
  }
}
