package dev.care.spring.boot.autoconfigure;

import dev.care.rules.engine.AdvanceReport;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.dispatch.DispatchReport;
import dev.care.storage.dispatch.OutboxDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the nightly run ({@code engine.advanceTo(clock.instant())}) and the outbox dispatcher
 * ({@code dispatcher.runOnce()}) on the schedules of {@link CareProperties}, each switched off by
 * its {@code enabled} property. Both are safe on several instances: the dispatcher claims batches
 * with leases, and the nightly run advances each customer once, guarded by the customer's stored
 * watermark and version.
 *
 * <p>The scheduler has threads of its own (named {@code care-}) and is not a Spring {@code
 * TaskScheduler} bean, so it neither switches on nor takes over the application's own
 * {@code @Scheduled} methods. It starts with the application context and stops with it, letting a
 * running task finish. {@link #runNightly()} and {@link #runDispatcher()} run a task at once (from
 * an operator endpoint or a test); a task already running on another thread is not run twice at the
 * same time on this instance.
 */
public final class CareScheduler implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(CareScheduler.class);

  private final CareEngine engine;
  private final OutboxDispatcher dispatcher;
  private final Clock clock;
  private final CareProperties.Nightly nightly;
  private final CareProperties.Dispatcher dispatching;
  private final List<CareRunListener> listeners;
  private final ReentrantLock nightlyLock = new ReentrantLock();
  private final AtomicReference<NightlyRun> lastNightly = new AtomicReference<>();
  private final AtomicInteger consecutiveNightlyFailures = new AtomicInteger();
  private final AtomicReference<Instant> lastDispatch = new AtomicReference<>();
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private ThreadPoolTaskScheduler threads;

  /**
   * Creates the scheduler (nothing is scheduled before {@link #start()}).
   *
   * @param engine the engine whose time is advanced
   * @param dispatcher the dispatcher
   * @param clock the time source
   * @param nightly the nightly run's settings
   * @param dispatching the dispatcher's settings
   * @param listeners hear every run
   */
  public CareScheduler(
      CareEngine engine,
      OutboxDispatcher dispatcher,
      Clock clock,
      CareProperties.Nightly nightly,
      CareProperties.Dispatcher dispatching,
      List<CareRunListener> listeners) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nightly = Objects.requireNonNull(nightly, "nightly");
    this.dispatching = Objects.requireNonNull(dispatching, "dispatching");
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Advances the engine to the clock's now, unless a nightly run is already going on this instance.
   *
   * @return the run, empty if one was already running here
   */
  public Optional<NightlyRun> runNightly() {
    if (!nightlyLock.tryLock()) {
      LOG.info("care nightly run skipped: the previous one is still running");
      return Optional.empty();
    }
    try {
      Instant until = clock.instant();
      long start = System.nanoTime();
      NightlyRun run;
      try {
        AdvanceReport report = engine.advanceTo(until);
        run = new NightlyRun(until, since(start), Optional.of(report), Optional.empty());
        consecutiveNightlyFailures.set(0);
        LOG.info(
            "care nightly run to {}: {} customers, {} stage changes, {} tier changes, {} care"
                + " actions, {} failed (retried by the next run), in {} ms",
            until,
            report.customers(),
            report.stageChanges(),
            report.tierChanges(),
            report.careActions(),
            report.failures().size(),
            run.took().toMillis());
      } catch (RuntimeException e) {
        run =
            new NightlyRun(
                until,
                since(start),
                Optional.empty(),
                Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        consecutiveNightlyFailures.incrementAndGet();
        LOG.error("care nightly run to {} failed; the next run resumes where it stopped", until, e);
      }
      lastNightly.set(run);
      for (CareRunListener l : listeners) {
        NightlyRun r = run;
        tell(l, () -> l.nightlyRunEnded(r));
      }
      return Optional.of(run);
    } finally {
      nightlyLock.unlock();
    }
  }

  /**
   * Delivers what is due in the outbox now.
   *
   * @return what happened, empty if the run failed (logged; the next run retries)
   */
  public Optional<DispatchReport> runDispatcher() {
    DispatchReport report;
    try {
      report = dispatcher.runOnce();
    } catch (RuntimeException e) {
      LOG.error("care outbox dispatcher run failed; the next run retries", e);
      return Optional.empty();
    }
    lastDispatch.set(clock.instant());
    for (CareRunListener l : listeners) {
      tell(l, () -> l.dispatcherRunEnded(report));
    }
    return Optional.of(report);
  }

  /**
   * The last nightly run on this instance since it started.
   *
   * @return the run, empty before the first
   */
  public Optional<NightlyRun> lastNightlyRun() {
    return Optional.ofNullable(lastNightly.get());
  }

  /**
   * How many nightly runs in a row failed as a whole on this instance.
   *
   * @return 0 after a run that succeeded
   */
  public int consecutiveNightlyFailures() {
    return consecutiveNightlyFailures.get();
  }

  /**
   * When a dispatcher run last ended without failing on this instance.
   *
   * @return the time, empty before the first
   */
  public Optional<Instant> lastDispatcherRun() {
    return Optional.ofNullable(lastDispatch.get());
  }

  /**
   * The nightly run's settings.
   *
   * @return the settings
   */
  public CareProperties.Nightly nightlySettings() {
    return nightly;
  }

  /**
   * The dispatcher's settings.
   *
   * @return the settings
   */
  public CareProperties.Dispatcher dispatcherSettings() {
    return dispatching;
  }

  @Override
  public synchronized void start() {
    if (threads != null) {
      return;
    }
    int size =
        (nightly.enabled() ? 1 : 0) + (dispatching.enabled() ? dispatching.parallelism() : 0);
    if (size == 0) {
      LOG.info("care scheduler: the nightly run and the dispatcher are both switched off");
    }
    ThreadPoolTaskScheduler t = new ThreadPoolTaskScheduler();
    t.setPoolSize(Math.max(1, size));
    t.setThreadNamePrefix("care-");
    t.setWaitForTasksToCompleteOnShutdown(true);
    t.setAwaitTerminationSeconds(30);
    t.initialize();
    threads = t;
    Instant now = Instant.now(); // the scheduler's own time base is the system clock
    if (nightly.enabled()) {
      if (nightly.fixedDelay() != null) {
        scheduled.add(
            t.scheduleWithFixedDelay(
                this::runNightly, now.plus(nightly.fixedDelay()), nightly.fixedDelay()));
        LOG.info("care nightly run every {} after the previous one", nightly.fixedDelay());
      } else {
        scheduled.add(
            t.schedule(this::runNightly, new CronTrigger(nightly.cron(), nightly.zone())));
        LOG.info("care nightly run on cron '{}' in {}", nightly.cron(), nightly.zone());
      }
    }
    if (dispatching.enabled()) {
      for (int i = 0; i < dispatching.parallelism(); i++) {
        scheduled.add(
            t.scheduleWithFixedDelay(
                this::runDispatcher, now.plus(dispatching.fixedDelay()), dispatching.fixedDelay()));
      }
      LOG.info(
          "care outbox dispatcher every {} with {} worker(s)",
          dispatching.fixedDelay(),
          dispatching.parallelism());
    }
  }

  @Override
  public synchronized void stop() {
    if (threads == null) {
      return;
    }
    scheduled.forEach(f -> f.cancel(false));
    scheduled.clear();
    threads.shutdown(); // waits for a running task (up to 30 s)
    threads = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return threads != null;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static void tell(CareRunListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("care run listener {} failed", listener.getClass().getName(), e);
    }
  }
}
