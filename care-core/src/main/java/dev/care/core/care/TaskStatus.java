package dev.care.core.care;

/**
 * Where a staff task is in its life: {@code OPEN → ASSIGNED → DONE}, or {@code CANCELLED} from
 * either unfinished status. {@link CareTask#assignTo}, {@link CareTask#complete} and {@link
 * CareTask#cancel} enforce the transitions.
 */
public enum TaskStatus {
  /** Planned, nobody has taken it yet. */
  OPEN,
  /** Someone took it. */
  ASSIGNED,
  /** Done, with an outcome. */
  DONE,
  /** Dropped, with a reason. */
  CANCELLED;

  /**
   * Whether the task still waits for staff: open or assigned (the queue lists these).
   *
   * @return true for {@link #OPEN} and {@link #ASSIGNED}
   */
  public boolean isUnfinished() {
    return this == OPEN || this == ASSIGNED;
  }
}
