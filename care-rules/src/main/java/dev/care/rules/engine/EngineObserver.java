package dev.care.rules.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Hears what a {@link CareEngine} does, for metrics and monitoring: every command's unit of work
 * and every nightly run. Registered with {@link CareEngine.Builder#observer}; {@code
 * dev.care.rules.engine.metrics.CareEngineMetrics} implements it for Micrometer, so the engine
 * itself needs no metrics library. Called on the thread that ran the command, after its unit of
 * work ended, so implementations must be thread-safe and quick; an exception thrown from {@link
 * #commandDone} or {@link #advanceDone} is logged and ignored.
 */
public interface EngineObserver {
  /**
   * Called once, when the engine this observer was registered with has been built; an exception
   * thrown here fails {@link CareEngine.Builder#build()}.
   *
   * @param engine the engine
   */
  default void started(CareEngine engine) {}

  /**
   * A command's unit of work ended (committed, or gave up). One customer's unit of a nightly run is
   * a command of kind {@link CommandKind#ADVANCE}, so a run's progress is heard as it goes.
   *
   * @param report what it did
   */
  default void commandDone(CommandReport report) {}

  /**
   * A nightly run ({@link CareEngine#advanceTo} or {@link CareEngine#advanceAll}) ended.
   *
   * @param report what it did
   * @param finishedAt when it ended, by the engine's clock
   * @param took its wall time
   */
  default void advanceDone(AdvanceReport report, Instant finishedAt, Duration took) {}
}
