package dev.care.spring.boot.autoconfigure.health;

import dev.care.spring.boot.autoconfigure.CareHealth;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports {@link CareHealth} as {@code care} in {@code /actuator/health}: UP, or DOWN when the
 * storage does not answer, the oldest due outbox message has waited longer than {@code
 * care.health.outbox-lag-threshold}, or the last nightly run on this instance failed as a whole;
 * the details say which, with the outbox lag and the last nightly run's time and figures.
 */
public final class CareHealthIndicator implements HealthIndicator {
  private final CareHealth health;

  /**
   * Reports a health.
   *
   * @param health care's health
   */
  public CareHealthIndicator(CareHealth health) {
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public Health health() {
    CareHealth.Report report = health.check();
    return (report.healthy() ? Health.up() : Health.down()).withDetails(report.details()).build();
  }
}
