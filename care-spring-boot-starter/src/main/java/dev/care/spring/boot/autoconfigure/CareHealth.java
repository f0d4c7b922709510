package dev.care.spring.boot.autoconfigure;

import dev.care.storage.CareStorage;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What care's health is, without a dependency on Spring Boot's health API (the starter's {@code
 * care} health indicator reports it on Boot 4; on Boot 3 wrap {@link #check()} in a {@code
 * HealthIndicator} of your own). Healthy when the storage answers, the oldest due outbox message
 * has waited no longer than the threshold, and the last nightly run on this instance did not fail
 * as a whole.
 */
public final class CareHealth {
  private final CareStorage storage;
  private final CareScheduler scheduler;
  private final Clock clock;
  private final Duration outboxLagThreshold;

  /**
   * The health of one storage and scheduler.
   *
   * @param storage the storage
   * @param scheduler the scheduler of the nightly run and dispatcher
   * @param clock the time source
   * @param outboxLagThreshold how long a due message may wait before care is unhealthy
   */
  public CareHealth(
      CareStorage storage, CareScheduler scheduler, Clock clock, Duration outboxLagThreshold) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outboxLagThreshold = Objects.requireNonNull(outboxLagThreshold, "outboxLagThreshold");
  }

  /**
   * A health report.
   *
   * @param healthy whether everything is well
   * @param details what was checked, in order: {@code storage}, {@code outboxLag} (ISO-8601),
   *     {@code outboxLagThreshold}, then the nightly run's {@code nightly.*} entries
   */
  public record Report(boolean healthy, Map<String, Object> details) {
    /** Copies. */
    public Report {
      details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }

  /**
   * Checks now: one read of the oldest due outbox message.
   *
   * @return the report
   */
  public Report check() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean healthy = true;
    Instant now = clock.instant();
    try {
      List<OutboxMessage> due = storage.dueMessages(now, 1);
      Duration lag =
          due.isEmpty()
              ? Duration.ZERO
              : max(Duration.ZERO, Duration.between(due.get(0).nextAttemptAt(), now));
      details.put("storage", storage.getClass().getSimpleName() + " reachable");
      details.put("outboxLag", lag.toString());
      if (lag.compareTo(outboxLagThreshold) > 0) {
        healthy = false;
      }
    } catch (RuntimeException e) {
      healthy = false;
      details.put(
          "storage",
          "unreachable: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()));
    }
    details.put("outboxLagThreshold", outboxLagThreshold.toString());
    details.put("nightly.enabled", scheduler.nightlySettings().enabled());
    details.put("dispatcher.enabled", scheduler.dispatcherSettings().enabled());
    scheduler
        .lastNightlyRun()
        .ifPresent(
            run -> {
              details.put("nightly.lastRun", run.startedAt().toString());
              details.put("nightly.lastRunTook", run.took().toString());
              run.report()
                  .ifPresent(
                      r -> {
                        details.put("nightly.lastRunCustomers", r.customers());
                        details.put("nightly.lastRunCustomerFailures", r.failures().size());
                      });
              run.failure().ifPresent(f -> details.put("nightly.lastRunFailure", f));
            });
    details.put("nightly.consecutiveFailures", scheduler.consecutiveNightlyFailures());
    if (scheduler.lastNightlyRun().map(r -> !r.succeeded()).orElse(false)) {
      healthy = false;
    }
    scheduler.lastDispatcherRun().ifPresent(t -> details.put("dispatcher.lastRun", t.toString()));
    return new Report(healthy, details);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
