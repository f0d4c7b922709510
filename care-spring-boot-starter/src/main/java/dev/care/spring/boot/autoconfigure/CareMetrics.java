package dev.care.spring.boot.autoconfigure;

import dev.care.storage.dispatch.DispatchReport;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.metrics.OutboxMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * The starter's Micrometer meters: the outbox meters of {@link OutboxMetrics} (depth, oldest
 * pending age, sends by channel, dispatcher outcomes) and the nightly run's:
 *
 * <table>
 *   <caption>Nightly run meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code care.nightly.runs}</td><td>timer</td><td>{@code outcome}: success, failure</td>
 *       <td>runs and how long they took</td></tr>
 *   <tr><td>{@code care.nightly.customers}</td><td>counter</td><td>—</td>
 *       <td>customers reviewed</td></tr>
 *   <tr><td>{@code care.nightly.customer.failures}</td><td>counter</td><td>—</td>
 *       <td>customers whose unit failed (retried by the next run)</td></tr>
 * </table>
 */
public final class CareMetrics implements CareRunListener, MessageChannelDecorator {
  private final OutboxMetrics outbox;
  private final MeterRegistry registry;

  /**
   * Binds the meters to a registry.
   *
   * @param outbox the outbox meters (bound here)
   * @param registry the registry
   */
  public CareMetrics(OutboxMetrics outbox, MeterRegistry registry) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.registry = Objects.requireNonNull(registry, "registry");
    outbox.bindTo(registry);
    for (String outcome : new String[] {"success", "failure"}) {
      runs(outcome);
    }
    customers();
    customerFailures();
  }

  @Override
  public MessageChannel decorate(MessageChannel channel) {
    return outbox.instrument(channel);
  }

  @Override
  public void dispatcherRunEnded(DispatchReport report) {
    outbox.record(report);
  }

  @Override
  public void nightlyRunEnded(NightlyRun run) {
    runs(run.succeeded() ? "success" : "failure").record(run.took());
    run.report()
        .ifPresent(
            r -> {
              customers().increment(r.customers());
              customerFailures().increment(r.failures().size());
            });
  }

  private Timer runs(String outcome) {
    return Timer.builder("care.nightly.runs")
        .description("nightly runs (CareEngine.advanceTo) and how long they took")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter customers() {
    return Counter.builder("care.nightly.customers")
        .description("customers the nightly runs reviewed")
        .register(registry);
  }

  private Counter customerFailures() {
    return Counter.builder("care.nightly.customer.failures")
        .description("customers whose nightly unit failed (retried by the next run)")
        .register(registry);
  }
}
