package dev.care.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread-safe clock that moves only when told to, forwards or backwards: for tests, simulations
 * and replays. Everything in the library takes its time from an injected {@link Clock}, so a {@code
 * ManualClock} controls it completely, with no sleeps.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock at an instant, in UTC.
   *
   * @param start the initial instant
   * @return the clock
   */
  public static ManualClock at(Instant start) {
    return new ManualClock(
        new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * Moves the clock by a duration (negative moves it back).
   *
   * @param delta how far
   * @return the new instant
   */
  public Instant advance(Duration delta) {
    Objects.requireNonNull(delta, "delta");
    return now.updateAndGet(i -> i.plus(delta));
  }

  /**
   * Sets the clock.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving time seen in another zone. */
  @Override
  public Clock withZone(ZoneId other) {
    return new ManualClock(now, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ManualClock m && m.now == now && m.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}
