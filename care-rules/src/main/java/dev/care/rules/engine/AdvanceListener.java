package dev.care.rules.engine;

/**
 * Hears how a run of {@link CareEngine#advanceTo} gets on, so an application can show progress and
 * alert on failures. Called from the thread running {@code advanceTo}, after each batch of due
 * customers it claimed (500 at most); must not throw.
 */
@FunctionalInterface
public interface AdvanceListener {
  /**
   * The run's progress so far.
   *
   * @param customers customers claimed and reviewed so far
   * @param done of them, advanced
   * @param failed of them, failed (reported in {@link AdvanceReport#failures()})
   */
  void onProgress(int customers, int done, int failed);
}
