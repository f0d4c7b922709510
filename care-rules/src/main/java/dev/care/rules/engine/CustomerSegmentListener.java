package dev.care.rules.engine;

/**
 * Receives segment membership changes from a {@link CareEngine}: after the command that caused them
 * committed, on the thread that ran it, in order. A listener that throws is logged and does not
 * affect the command or the other listeners.
 */
@FunctionalInterface
public interface CustomerSegmentListener {
  /**
   * Called once per change.
   *
   * @param event the change
   */
  void onSegmentEvent(CustomerSegmentEvent event);
}
