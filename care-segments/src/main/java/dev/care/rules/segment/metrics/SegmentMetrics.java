package dev.care.rules.segment.metrics;

import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import dev.care.rules.segment.SegmentEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Micrometer meters for a {@link SegmentEngine} you drive yourself: its evaluations go through this
 * class, which times them, and its size and memberships are gauges. Micrometer is an optional
 * dependency of care-segments: add {@code io.micrometer:micrometer-core} to use this class.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code care.segment.evaluation}</td><td>timer</td>
 *       <td>{@code operation}: {@code load}, {@code update}, {@code advance}, {@code evaluate-all}</td>
 *       <td>time to bring memberships up to date</td></tr>
 *   <tr><td>{@code care.segment.customers}</td><td>gauge</td><td>—</td>
 *       <td>customers in the index</td></tr>
 *   <tr><td>{@code care.segment.members}</td><td>gauge</td><td>{@code segment}</td>
 *       <td>members of each segment defined when bound</td></tr>
 * </table>
 *
 * <p>Before {@link #bindTo(MeterRegistry)} the operations run untimed. Thread-safe as far as the
 * engine is: it adds no locking of its own.
 */
// Micrometer is optional ('requires static'): a module that uses this class requires
// micrometer.core
@SuppressWarnings("exports")
public final class SegmentMetrics implements MeterBinder {
  private final SegmentEngine engine;
  private volatile MeterRegistry registry;

  /**
   * Meters over an engine.
   *
   * @param engine the segment engine
   */
  public SegmentMetrics(SegmentEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Gauge.builder("care.segment.customers", engine, SegmentEngine::size)
        .description("customers in the segment index")
        .register(registry);
    for (SegmentDefinition d : engine.definitions()) {
      Gauge.builder("care.segment.members", engine, e -> e.count(d.id()))
          .description("members of the segment")
          .tag("segment", d.id().value())
          .register(registry);
    }
    for (String operation : List.of("load", "update", "advance", "evaluate-all")) {
      timer(registry, operation);
    }
    this.registry = registry;
  }

  /**
   * {@link SegmentEngine#load(Collection)}, timed as {@code load}.
   *
   * @param customers the customers
   */
  public void load(Collection<CustomerAttributes> customers) {
    time(
        "load",
        () -> {
          engine.load(customers);
          return null;
        });
  }

  /**
   * {@link SegmentEngine#update(int, CustomerAttributes)}, timed as {@code update}.
   *
   * @param customer the customer's index
   * @param attributes the new attributes
   * @return the engine's events
   */
  public List<SegmentEvent> update(int customer, CustomerAttributes attributes) {
    return time("update", () -> engine.update(customer, attributes));
  }

  /**
   * {@link SegmentEngine#advanceTo(LocalDate)}, timed as {@code advance}.
   *
   * @param newToday the new date
   * @return the engine's events
   */
  public List<SegmentEvent> advanceTo(LocalDate newToday) {
    return time("advance", () -> engine.advanceTo(newToday));
  }

  /** {@link SegmentEngine#evaluateAll()}, timed as {@code evaluate-all}. */
  public void evaluateAll() {
    time(
        "evaluate-all",
        () -> {
          engine.evaluateAll();
          return null;
        });
  }

  private <T> T time(String operation, Supplier<T> work) {
    MeterRegistry r = registry;
    return r == null ? work.get() : timer(r, operation).record(work);
  }

  private static Timer timer(MeterRegistry registry, String operation) {
    return Timer.builder("care.segment.evaluation")
        .description("time to bring segment memberships up to date")
        .tag("operation", operation)
        .register(registry);
  }
}
