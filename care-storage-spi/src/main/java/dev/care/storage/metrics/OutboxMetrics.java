package dev.care.storage.metrics;

import dev.care.storage.dispatch.DispatchReport;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import dev.care.storage.outbox.OutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for the transactional outbox and its dispatcher, observed from outside: the
 * store is read for the gauges, the channels are wrapped to count sends, and the dispatcher's
 * reports are recorded. Micrometer is an optional dependency of care-storage-spi: add {@code
 * io.micrometer:micrometer-core} to use this class.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code care.outbox.pending}</td><td>gauge</td><td>—</td>
 *       <td>messages waiting to be delivered (outbox depth)</td></tr>
 *   <tr><td>{@code care.outbox.oldest.pending.age}</td><td>time gauge (seconds)</td><td>—</td>
 *       <td>age of the oldest pending message, 0 when none waits</td></tr>
 *   <tr><td>{@code care.outbox.deliveries}</td><td>counter</td><td>{@code channel}</td>
 *       <td>messages a wrapped channel sent</td></tr>
 *   <tr><td>{@code care.outbox.delivery.failures}</td><td>counter</td>
 *       <td>{@code channel}, {@code exception}</td>
 *       <td>sends a wrapped channel failed (the dispatcher retries them)</td></tr>
 *   <tr><td>{@code care.outbox.dispatched}</td><td>counter</td><td>{@code outcome}</td>
 *       <td>the dispatcher's reports: delivered, deferred, suppressed, retried, failed, purged</td></tr>
 * </table>
 *
 * <p>The gauges read the pending messages each time they are sampled, so sample them at scrape
 * intervals, not in a loop. Use:
 *
 * <pre>{@code
 * OutboxMetrics metrics = new OutboxMetrics(storage, clock);
 * metrics.bindTo(registry);
 * OutboxDispatcher dispatcher = new OutboxDispatcher(
 *     storage, metrics.instrument(channels), events, DispatchPolicy.defaults(), clock);
 * metrics.record(dispatcher.runOnce());
 * }</pre>
 *
 * <p>Thread-safe.
 */
// Micrometer is optional ('requires static'): a module that uses this class requires
// micrometer.core
@SuppressWarnings("exports")
public final class OutboxMetrics implements MeterBinder {
  private final OutboxStore store;
  private final Clock clock;
  private volatile MeterRegistry registry;

  /**
   * Meters over an outbox.
   *
   * @param store the outbox (any storage adapter)
   * @param clock the clock the age is measured with
   */
  public OutboxMetrics(OutboxStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Gauge.builder("care.outbox.pending", this, m -> m.pending().size())
        .description("messages waiting to be delivered")
        .register(registry);
    TimeGauge.builder(
            "care.outbox.oldest.pending.age",
            this,
            TimeUnit.SECONDS,
            OutboxMetrics::oldestAgeSeconds)
        .description("age of the oldest pending message")
        .register(registry);
    for (String outcome : List.of("delivered", "deferred", "suppressed", "retried", "failed")) {
      dispatched(registry, outcome);
    }
    this.registry = registry;
  }

  /**
   * Wraps channels so that their sends are counted by channel.
   *
   * @param channels the channels the dispatcher sends on
   * @return the same channels, counted
   */
  public List<MessageChannel> instrument(List<MessageChannel> channels) {
    return channels.stream().map(this::instrument).toList();
  }

  /**
   * Wraps a channel so that its sends are counted.
   *
   * @param channel the channel
   * @return the channel, counted
   */
  public MessageChannel instrument(MessageChannel channel) {
    Objects.requireNonNull(channel, "channel");
    return new MessageChannel() {
      @Override
      public dev.care.core.customer.Channel channel() {
        return channel.channel();
      }

      @Override
      public void send(OutboxMessage message) {
        String name = channel.channel().name();
        try {
          channel.send(message);
        } catch (RuntimeException e) {
          MeterRegistry r = registry;
          if (r != null) {
            Counter.builder("care.outbox.delivery.failures")
                .description("sends that failed")
                .tags(Tags.of("channel", name, "exception", e.getClass().getSimpleName()))
                .register(r)
                .increment();
          }
          throw e;
        }
        MeterRegistry r = registry;
        if (r != null) {
          Counter.builder("care.outbox.deliveries")
              .description("messages sent")
              .tag("channel", name)
              .register(r)
              .increment();
        }
      }
    };
  }

  /**
   * Records what one dispatcher run did.
   *
   * @param report the run's report
   * @return the report, for chaining
   */
  public DispatchReport record(DispatchReport report) {
    Objects.requireNonNull(report, "report");
    MeterRegistry r = registry;
    if (r != null) {
      dispatched(r, "delivered").increment(report.delivered());
      dispatched(r, "deferred").increment(report.deferred());
      dispatched(r, "suppressed").increment(report.suppressed());
      dispatched(r, "retried").increment(report.retried());
      dispatched(r, "failed").increment(report.failed());
      dispatched(r, "purged").increment(report.purged());
    }
    return report;
  }

  private static Counter dispatched(MeterRegistry registry, String outcome) {
    return Counter.builder("care.outbox.dispatched")
        .description("messages the dispatcher handled, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private List<OutboxMessage> pending() {
    return store.messages(DeliveryStatus.PENDING);
  }

  private double oldestAgeSeconds() {
    Instant now = clock.instant();
    return pending().stream()
        .map(OutboxMessage::createdAt)
        .min(Instant::compareTo)
        .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis()) / 1000.0)
        .orElse(0.0);
  }
}
