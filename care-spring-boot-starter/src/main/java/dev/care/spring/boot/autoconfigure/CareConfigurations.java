package dev.care.spring.boot.autoconfigure;

import dev.care.storage.CareStorage;
import dev.care.storage.jdbc.PostgresStorage;
import dev.care.storage.metrics.OutboxMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The conditional parts of {@link CareAutoConfiguration}, imported by it in a fixed order (as
 * member classes of the auto-configuration they would be processed in no defined order).
 */
final class CareConfigurations {
  private static final Logger LOG = LoggerFactory.getLogger(CareAutoConfiguration.class);

  private CareConfigurations() {}

  /** PostgreSQL storage on the application's data source. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.care.storage.jdbc.PostgresStorage")
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnMissingBean(CareStorage.class)
  static class JdbcStorage {
    @Bean
    PostgresStorage careStorage(DataSource dataSource, CareProperties properties) {
      CareProperties.Storage s = properties.storage();
      PostgresStorage.Builder b = PostgresStorage.builder(dataSource);
      try {
        b.schema(s.schema());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("care.storage.schema: " + e.getMessage(), e);
      }
      try {
        b.tablePrefix(s.tablePrefix());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("care.storage.table-prefix: " + e.getMessage(), e);
      }
      PostgresStorage storage = b.migrate(s.migrate()).build();
      LOG.info(
          "care storage: PostgreSQL on the application's DataSource, schema {}{}",
          storage.schema(),
          s.migrate() ? ", migrated with care's own Flyway history table there" : "");
      return storage;
    }
  }

  /** The fallback: in memory, with a warning. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(CareStorage.class)
  static class InMemoryStorage {
    @Bean
    dev.care.storage.memory.InMemoryStorage careStorage() {
      LOG.warn(
          "care storage: in memory (InMemoryStorage) because there is no single DataSource or no"
              + " dev.care:care-storage-jdbc on the class path; nothing survives a restart and each"
              + " instance has its own data. Add care-storage-jdbc and a DataSource, or declare a"
              + " CareStorage bean.");
      return new dev.care.storage.memory.InMemoryStorage();
    }
  }

  /** Meters, when Micrometer is on the class path and the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    CareAutoConfiguration.CareMetricsHolder careMetrics(
        CareStorage storage, ObjectProvider<MeterRegistry> registry, ObjectProvider<Clock> clock) {
      MeterRegistry r = registry.getIfUnique();
      return new CareAutoConfiguration.CareMetricsHolder(
          r == null
              ? null
              : new CareMetrics(
                  new OutboxMetrics(storage, CareAutoConfiguration.clockOf(clock)), r));
    }
  }
}
