package dev.care.spring.boot.autoconfigure.health;

import dev.care.spring.boot.autoconfigure.CareHealth;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link CareHealthIndicator} as the {@code care} health contributor (switched off by
 * {@code management.health.care.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEnabledHealthIndicator("care")
public class CareHealthIndicatorConfiguration {
  /** Created by Spring. */
  public CareHealthIndicatorConfiguration() {}

  /**
   * The indicator.
   *
   * @param health care's health
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "careHealthIndicator")
  public CareHealthIndicator careHealthIndicator(CareHealth health) {
    return new CareHealthIndicator(health);
  }
}
