package dev.care.spring.boot.autoconfigure;

import dev.care.rules.engine.AdvanceListener;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CustomerSegmentListener;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import dev.care.rules.program.TemplateUse;
import dev.care.storage.CareStorage;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.jdbc.PostgresStorage;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.messaging.EventPublisher;
import dev.care.storage.messaging.MessageChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.io.Resource;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of care for a Spring Boot application: a {@link CareEngine} over a {@link
 * CareStorage}, an {@link OutboxDispatcher}, the {@link CareScheduler} that runs the nightly run
 * and the dispatcher, {@link CareHealth}, and, when the application has them, Micrometer meters and
 * a {@code care} health indicator. Every bean backs off when the application declares one of the
 * same type, so one piece can be replaced at a time.
 *
 * <ul>
 *   <li><b>Storage</b>: with {@code care-storage-jdbc} on the class path and one {@link
 *       DataSource}, a {@link PostgresStorage} in schema {@code care.storage.schema}, migrated by
 *       care's own Flyway run with its own history table in that schema (the application's Flyway,
 *       if any, is neither switched on nor touched); otherwise an {@link InMemoryStorage}, with a
 *       warning.
 *   <li><b>Programme</b>: a {@link LoyaltyProgram} bean, or the JSON resource {@code care.program}
 *       read with {@link ProgramLoader}.
 *   <li><b>Listeners and channels</b>: every {@link MessageChannel}, {@link
 *       CustomerSegmentListener}, {@link AdvanceListener}, {@link CareRunListener} and {@link
 *       MessageChannelDecorator} bean; the {@link EventPublisher} bean, or {@link
 *       SpringEventPublisher}.
 *   <li><b>Time</b>: the application's {@link Clock} bean if it has exactly one, else the system
 *       UTC clock.
 * </ul>
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", // Boot 4
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration" // Boot 3
    })
@ConditionalOnClass(CareEngine.class)
@EnableConfigurationProperties(CareProperties.class)
@Import({ // in this order: the in-memory fallback is decided after the JDBC storage
  CareConfigurations.JdbcStorage.class,
  CareConfigurations.InMemoryStorage.class,
  CareConfigurations.Metrics.class,
  CareAutoConfiguration.HealthIndicatorSelector.class
})
public class CareAutoConfiguration {

  /** Created by Spring. */
  public CareAutoConfiguration() {}

  /**
   * The engine.
   *
   * @param properties the settings
   * @param storage the storage
   * @param program a programme bean, if any
   * @param clock a clock bean, if any
   * @param segmentListeners the segment listener beans
   * @param advanceListeners the advance listener beans
   * @return the engine
   */
  @Bean
  @ConditionalOnMissingBean
  public CareEngine careEngine(
      CareProperties properties,
      CareStorage storage,
      ObjectProvider<LoyaltyProgram> program,
      ObjectProvider<Clock> clock,
      ObjectProvider<CustomerSegmentListener> segmentListeners,
      ObjectProvider<AdvanceListener> advanceListeners) {
    LoyaltyProgram p = program.getIfAvailable(() -> load(properties.requireProgram()));
    CareEngine.Builder b =
        CareEngine.builder()
            .program(p)
            .storage(storage)
            .clock(clockOf(clock))
            .nightlyParallelism(properties.nightly().parallelism())
            .surveyTokens(properties.survey().tokens())
            .surveyValidity(properties.survey().validity());
    if (properties.survey().link() != null) {
      b.surveyLink(properties.survey().link());
    } else {
      // the engine would refuse it too; here the message names the property to set
      for (TemplateUse.Reference r : TemplateUse.naming(p, "surveyLink")) {
        throw new IllegalStateException(
            "care.survey.link is not set, and the programme's survey uses {surveyLink} ("
                + r.path()
                + ": template '"
                + r.templateId()
                + "'): set care.survey.link=https://your.site/feedback/{token} or use"
                + " {surveyToken}");
      }
    }
    if (properties.nightly().rate() != null) {
      b.nightlyRate(properties.nightly().rate());
    }
    segmentListeners.orderedStream().forEach(b::segmentListener);
    List<AdvanceListener> advance = advanceListeners.orderedStream().toList();
    if (!advance.isEmpty()) {
      b.advanceListener(
          (customers, done, failed) -> advance.forEach(l -> l.onProgress(customers, done, failed)));
    }
    return b.build();
  }

  /**
   * The default event publisher: Spring application events.
   *
   * @param publisher the context
   * @return the publisher
   */
  @Bean
  @ConditionalOnMissingBean
  public EventPublisher careEventPublisher(ApplicationEventPublisher publisher) {
    return new SpringEventPublisher(publisher);
  }

  /**
   * The outbox dispatcher, with the engine's dispatch policy (the programme's frequency caps).
   *
   * @param engine the engine
   * @param storage the storage
   * @param channels the channel beans
   * @param decorators the channel decorators
   * @param events the event publisher
   * @param clock a clock bean, if any
   * @return the dispatcher
   */
  @Bean
  @ConditionalOnMissingBean
  public OutboxDispatcher careOutboxDispatcher(
      CareEngine engine,
      CareStorage storage,
      ObjectProvider<MessageChannel> channels,
      ObjectProvider<MessageChannelDecorator> decorators,
      EventPublisher events,
      ObjectProvider<Clock> clock) {
    List<MessageChannelDecorator> wrap = decorators.orderedStream().toList();
    List<MessageChannel> senders =
        channels
            .orderedStream()
            .map(
                c -> {
                  MessageChannel wrapped = c;
                  for (MessageChannelDecorator d : wrap) {
                    wrapped = d.decorate(wrapped);
                  }
                  return wrapped;
                })
            .toList();
    return new OutboxDispatcher(storage, senders, events, engine.dispatchPolicy(), clockOf(clock));
  }

  /**
   * The scheduler of the nightly run and the dispatcher.
   *
   * @param properties the settings
   * @param engine the engine
   * @param dispatcher the dispatcher
   * @param clock a clock bean, if any
   * @param listeners the run listener beans
   * @return the scheduler
   */
  @Bean
  @ConditionalOnMissingBean
  public CareScheduler careScheduler(
      CareProperties properties,
      CareEngine engine,
      OutboxDispatcher dispatcher,
      ObjectProvider<Clock> clock,
      ObjectProvider<CareRunListener> listeners) {
    return new CareScheduler(
        engine,
        dispatcher,
        clockOf(clock),
        properties.nightly(),
        properties.dispatcher(),
        listeners.orderedStream().toList());
  }

  /**
   * Care's health, whatever the application's health support.
   *
   * @param properties the settings
   * @param storage the storage
   * @param scheduler the scheduler
   * @param clock a clock bean, if any
   * @return the health
   */
  @Bean
  @ConditionalOnMissingBean
  public CareHealth careHealth(
      CareProperties properties,
      CareStorage storage,
      CareScheduler scheduler,
      ObjectProvider<Clock> clock) {
    return new CareHealth(
        storage, scheduler, clockOf(clock), properties.health().outboxLagThreshold());
  }

  static Clock clockOf(ObjectProvider<Clock> clock) {
    return clock.getIfUnique(Clock::systemUTC);
  }

  static LoyaltyProgram load(Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return new ProgramLoader().load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("care.program: reading " + resource.getDescription(), e);
    }
  }

  /**
   * Hands the meters, if a registry was there, to the dispatcher and the scheduler (a registry that
   * Boot creates is a bean the conditions of an auto-configuration cannot see in time).
   */
  static final class CareMetricsHolder implements CareRunListener, MessageChannelDecorator {
    private final CareMetrics metrics;

    CareMetricsHolder(CareMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public MessageChannel decorate(MessageChannel channel) {
      return metrics == null ? channel : metrics.decorate(channel);
    }

    @Override
    public void dispatcherRunEnded(dev.care.storage.dispatch.DispatchReport report) {
      if (metrics != null) {
        metrics.dispatcherRunEnded(report);
      }
    }

    @Override
    public void nightlyRunEnded(NightlyRun run) {
      if (metrics != null) {
        metrics.nightlyRunEnded(run);
      }
    }
  }

  /**
   * Imports the {@code care} health indicator on Boot 4 (its health API moved to {@code
   * org.springframework.boot.health}); on Boot 3 there is none (wrap {@link CareHealth}).
   */
  static final class HealthIndicatorSelector implements ImportSelector, BeanClassLoaderAware {
    static final String BOOT4_HEALTH_INDICATOR =
        "org.springframework.boot.health.contributor.HealthIndicator";
    static final String CONFIGURATION =
        "dev.care.spring.boot.autoconfigure.health.CareHealthIndicatorConfiguration";

    private ClassLoader loader = HealthIndicatorSelector.class.getClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
      this.loader = classLoader;
    }

    @Override
    public String[] selectImports(AnnotationMetadata importingClassMetadata) {
      return ClassUtils.isPresent(BOOT4_HEALTH_INDICATOR, loader)
              && ClassUtils.isPresent(CONFIGURATION, loader)
          ? new String[] {CONFIGURATION}
          : new String[0];
    }
  }
}
