package dev.care.rules.engine.metrics;

import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.rules.engine.CommandKind;
import dev.care.rules.engine.CommandOutcome;
import dev.care.rules.engine.CommandReport;
import dev.care.rules.engine.EngineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for a {@link CareEngine}: an {@link EngineObserver} the engine reports every
 * command's unit of work and every nightly run to, and a {@link MeterBinder} that turns the reports
 * into meters. Micrometer is an optional dependency of care-rules: add {@code
 * io.micrometer:micrometer-core} to use this class; the engine itself never needs it.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code care.engine.commands}</td><td>counter</td>
 *       <td>{@code kind}, {@code outcome}</td>
 *       <td>commands by kind ({@code register}, {@code update}, {@code purchase}, {@code return},
 *       {@code top-up}, {@code spend}, {@code redeem}, {@code interaction}, {@code campaign} (one
 *       member), {@code voucher}, {@code advance} (one customer of a nightly run)) and outcome
 *       ({@code committed}, {@code duplicate}, {@code rejected}, {@code conflict}, {@code
 *       failed})</td></tr>
 *   <tr><td>{@code care.engine.rejections}</td><td>counter</td>
 *       <td>{@code kind}, {@code reason}</td>
 *       <td>business rejections by reason: a ledger rejection ({@code insufficient-balance},
 *       {@code clawback-not-allowed}, ...), {@code voucher-not-redeemable}, a campaign member left
 *       out ({@code no-consent}, {@code open-complaint})</td></tr>
 *   <tr><td>{@code care.engine.command.duration}</td><td>timer</td>
 *       <td>{@code kind}, {@code outcome}</td>
 *       <td>wall time of each command's unit of work, retries included</td></tr>
 *   <tr><td>{@code care.engine.retries}</td><td>counter</td><td>{@code kind}</td>
 *       <td>units of work decided again after a conflict</td></tr>
 *   <tr><td>{@code care.engine.conflicts}</td><td>function counter</td><td>—</td>
 *       <td>conflicts the engine's ledger met ({@code DurableLedger.conflicts()}): retries plus
 *       the last conflict of units that gave up</td></tr>
 *   <tr><td>{@code care.engine.nightly.customers}</td><td>counter</td>
 *       <td>{@code outcome}: {@code advanced}, {@code failed}</td>
 *       <td>customers a nightly run advanced or failed to, counted as the run goes</td></tr>
 *   <tr><td>{@code care.engine.nightly.runs}</td><td>timer</td><td>—</td>
 *       <td>wall time of each nightly run ({@code advanceTo}, {@code advanceAll})</td></tr>
 *   <tr><td>{@code care.engine.nightly.last.duration}</td><td>time gauge (seconds)</td><td>—</td>
 *       <td>wall time of the last run</td></tr>
 *   <tr><td>{@code care.engine.nightly.last.time}</td><td>gauge (seconds since the epoch)</td>
 *       <td>—</td><td>when the last run ended, by the engine's clock; 0 before the first</td></tr>
 *   <tr><td>{@code care.engine.nightly.last.customers}</td><td>gauge</td><td>—</td>
 *       <td>customers the last run reviewed</td></tr>
 *   <tr><td>{@code care.engine.nightly.last.failed}</td><td>gauge</td><td>—</td>
 *       <td>customers the last run failed to advance (the next run retries them)</td></tr>
 * </table>
 *
 * <p>One instance per engine. Use:
 *
 * <pre>{@code
 * CareEngineMetrics metrics = new CareEngineMetrics();
 * CareEngine engine = CareEngine.builder().program(program).observer(metrics).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Reports heard before {@link #bindTo(MeterRegistry)} are not counted (the conflicts counter
 * reads the ledger, so it counts from the engine's start). Thread-safe.
 */
// Micrometer is optional ('requires static'): a module that uses this class requires
// micrometer.core
@SuppressWarnings("exports")
public final class CareEngineMetrics implements MeterBinder, EngineObserver {
  private volatile CareEngine engine;
  private volatile MeterRegistry registry;
  private volatile LastRun last = new LastRun(0, 0, 0, 0);

  private record LastRun(
      double durationSeconds, double endedEpochSeconds, int customers, int failed) {}

  /**
   * Meters for the engine this observer is registered with ({@link CareEngine.Builder#observer}).
   */
  public CareEngineMetrics() {}

  @Override
  public void started(CareEngine engine) {
    Objects.requireNonNull(engine, "engine");
    synchronized (this) {
      if (this.engine != null && this.engine != engine) {
        throw new IllegalStateException(
            "a CareEngineMetrics observes one engine; make one per engine");
      }
      this.engine = engine;
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    FunctionCounter.builder(
            "care.engine.conflicts",
            this,
            m -> m.engine == null ? 0 : m.engine.ledger().conflicts())
        .description("conflicts the engine's units of work met")
        .register(registry);
    for (CommandKind kind : CommandKind.values()) {
      for (CommandOutcome outcome : CommandOutcome.values()) {
        commands(registry, kind, outcome);
      }
      retries(registry, kind);
    }
    for (String outcome : new String[] {"advanced", "failed"}) {
      nightlyCustomers(registry, outcome);
    }
    nightlyRuns(registry);
    TimeGauge.builder(
            "care.engine.nightly.last.duration",
            this,
            TimeUnit.SECONDS,
            m -> m.last.durationSeconds())
        .description("wall time of the last nightly run")
        .register(registry);
    Gauge.builder("care.engine.nightly.last.time", this, m -> m.last.endedEpochSeconds())
        .description("when the last nightly run ended, in seconds since the epoch")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("care.engine.nightly.last.customers", this, m -> m.last.customers())
        .description("customers the last nightly run reviewed")
        .register(registry);
    Gauge.builder("care.engine.nightly.last.failed", this, m -> m.last.failed())
        .description("customers the last nightly run failed to advance")
        .register(registry);
    this.registry = registry;
  }

  @Override
  public void commandDone(CommandReport report) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    commands(r, report.kind(), report.outcome()).increment();
    Timer.builder("care.engine.command.duration")
        .description("wall time of a command's unit of work, retries included")
        .tags(Tags.of("kind", report.kind().tag(), "outcome", report.outcome().tag()))
        .register(r)
        .record(report.elapsed());
    if (report.retries() > 0) {
      retries(r, report.kind()).increment(report.retries());
    }
    if (report.outcome() == CommandOutcome.REJECTED) {
      Counter.builder("care.engine.rejections")
          .description("business rejections, by reason")
          .tags(Tags.of("kind", report.kind().tag(), "reason", report.reason().orElse("unknown")))
          .register(r)
          .increment();
    }
    if (report.kind() == CommandKind.ADVANCE) {
      boolean advanced =
          report.outcome() == CommandOutcome.COMMITTED
              || report.outcome() == CommandOutcome.DUPLICATE;
      nightlyCustomers(r, advanced ? "advanced" : "failed").increment();
    }
  }

  @Override
  public void advanceDone(AdvanceReport report, Instant finishedAt, Duration took) {
    last =
        new LastRun(
            took.toNanos() / 1e9,
            finishedAt.getEpochSecond() + finishedAt.getNano() / 1e9,
            report.customers(),
            report.failures().size());
    MeterRegistry r = registry;
    if (r != null) {
      nightlyRuns(r).record(took);
    }
  }

  private static Counter commands(
      MeterRegistry registry, CommandKind kind, CommandOutcome outcome) {
    return Counter.builder("care.engine.commands")
        .description("commands by kind and outcome")
        .tags(Tags.of("kind", kind.tag(), "outcome", outcome.tag()))
        .register(registry);
  }

  private static Counter retries(MeterRegistry registry, CommandKind kind) {
    return Counter.builder("care.engine.retries")
        .description("units of work decided again after a conflict")
        .tag("kind", kind.tag())
        .register(registry);
  }

  private static Counter nightlyCustomers(MeterRegistry registry, String outcome) {
    return Counter.builder("care.engine.nightly.customers")
        .description("customers nightly runs advanced or failed to advance")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Timer nightlyRuns(MeterRegistry registry) {
    return Timer.builder("care.engine.nightly.runs")
        .description("wall time of nightly runs")
        .register(registry);
  }
}
