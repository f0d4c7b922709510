package dev.care.examples;

import dev.care.core.time.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The demo's clock when members' events are applied on several threads: a thread applying an event
 * reads the event's instant ({@link #at}), every other read (the nightly run and its threads, the
 * dispatcher, the staff, the month ends, events applied on the coordinating thread) the shared
 * {@link ManualClock}. The engine reads its clock for each command, so each worker's commands are
 * dated as in the sequential run, where the shared clock was set to each event's instant in turn.
 */
final class EventClock extends Clock {
  private final ManualClock shared;
  private final ThreadLocal<Instant> current;
  private final ZoneId zone;

  /**
   * Creates a clock (in UTC) over a shared one.
   *
   * @param shared what threads not applying an event read
   */
  EventClock(ManualClock shared) {
    this(Objects.requireNonNull(shared, "shared"), new ThreadLocal<>(), ZoneOffset.UTC);
  }

  private EventClock(ManualClock shared, ThreadLocal<Instant> current, ZoneId zone) {
    this.shared = shared;
    this.current = current;
    this.zone = zone;
  }

  /**
   * Runs an action with this thread's reads of the clock giving {@code at}; the thread reads the
   * shared clock again afterwards, also when the action throws.
   *
   * @param at the instant of the event the action applies
   * @param action what to run
   */
  void at(Instant at, Runnable action) {
    Objects.requireNonNull(at, "at");
    Instant before = current.get();
    current.set(at);
    try {
      action.run();
    } finally {
      if (before == null) {
        current.remove();
      } else {
        current.set(before);
      }
    }
  }

  @Override
  public Instant instant() {
    Instant at = current.get();
    return at != null ? at : shared.instant();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same instants (shared and per thread) in another zone. */
  @Override
  public Clock withZone(ZoneId other) {
    return new EventClock(shared, current, Objects.requireNonNull(other, "zone"));
  }
}
