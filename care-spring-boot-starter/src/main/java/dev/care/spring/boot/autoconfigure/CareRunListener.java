package dev.care.spring.boot.autoconfigure;

import dev.care.storage.dispatch.DispatchReport;

/**
 * Hears the runs the starter schedules, e.g. to alert on a failed nightly run. Beans of this type
 * are called from the scheduler's thread after each run; one that throws is logged and does not
 * affect the run or the other listeners. The Micrometer meters are one such listener.
 */
public interface CareRunListener {
  /**
   * A nightly run ended.
   *
   * @param run what it did
   */
  default void nightlyRunEnded(NightlyRun run) {}

  /**
   * A dispatcher run ended.
   *
   * @param report what it did
   */
  default void dispatcherRunEnded(DispatchReport report) {}
}
