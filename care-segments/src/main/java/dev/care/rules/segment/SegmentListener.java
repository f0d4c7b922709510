package dev.care.rules.segment;

/**
 * Receives membership changes, after the change is visible to readers and outside the engine's
 * lock; called on the updating thread, in order.
 */
@FunctionalInterface
public interface SegmentListener {
  /**
   * Called once per change.
   *
   * @param event the change
   */
  void onEvent(SegmentEvent event);
}
