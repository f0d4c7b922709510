package dev.care.examples;

import dev.care.examples.sim.SimEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Applies a batch of the simulation's events on a small fixed pool of threads: the batch is split
 * by {@link MemberGroups member group}, each group's events are applied in their order on one
 * thread, dated by the {@link EventClock} at their own instants, and the groups are shared out as
 * the threads come free (the calling thread takes its share too), in the batch's order of their
 * first events. With one thread the batch is applied in its order on the calling thread.
 *
 * <p>{@link #apply} returns when every event of the batch is applied; a failure stops the threads
 * taking further groups and is rethrown (the first one, with any others suppressed) once all have
 * stopped, so nothing is still running when the caller sees it.
 */
final class EventWorkers implements AutoCloseable {
  /** The order in which a batch's groups are handed to the threads. */
  enum GroupOrder {
    /** Each group when its first event comes in the batch (the demo's). */
    FIRST_EVENT,

    /**
     * The last group first, all on the calling thread: a legal schedule as far from the sequential
     * run's as groups allow, so that a test comparing its figures with the sequential run's finds
     * anything that depends on the order across groups, without a race.
     */
    REVERSED
  }

  private final int requested;
  private final int threads;
  private final GroupOrder order;
  private final MemberGroups groups;
  private final ExecutorService pool;

  /**
   * Starts the pool.
   *
   * @param threads how many threads apply a batch, the calling one included (1 for none besides it)
   * @param groups the members' groups
   * @param order the order in which the groups are handed out ({@link GroupOrder#REVERSED} uses the
   *     calling thread only, whatever {@code threads})
   */
  EventWorkers(int threads, MemberGroups groups, GroupOrder order) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.order = Objects.requireNonNull(order, "order");
    this.requested = threads;
    this.threads = order == GroupOrder.REVERSED ? 1 : threads;
    this.groups = Objects.requireNonNull(groups, "groups");
    AtomicInteger n = new AtomicInteger();
    this.pool =
        this.threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "care-demo-events-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * How many threads apply a batch, as asked.
   *
   * @return the thread count given when the pool started
   */
  int threads() {
    return requested;
  }

  /**
   * Applies a batch: each group's events in their order, each dated at its instant.
   *
   * @param batch the events, in time order
   * @param clock the clock the engine reads, dated at each event while it is applied
   * @param action what applying one event does (called on any of the threads)
   */
  void apply(List<SimEvent> batch, EventClock clock, Consumer<SimEvent> action) {
    Objects.requireNonNull(clock, "clock");
    if ((pool == null && order == GroupOrder.FIRST_EVENT) || batch.size() < 2) {
      for (SimEvent e : batch) {
        clock.at(e.at(), () -> action.accept(e));
      }
      return;
    }
    Map<Integer, List<SimEvent>> byGroup = new LinkedHashMap<>();
    for (SimEvent e : batch) {
      byGroup.computeIfAbsent(groups.groupOf(e), g -> new ArrayList<>()).add(e);
    }
    List<List<SimEvent>> work = new ArrayList<>(byGroup.values());
    if (order == GroupOrder.REVERSED) {
      java.util.Collections.reverse(work);
    }
    runAll(
        work.size(),
        i -> {
          for (SimEvent e : work.get(i)) {
            clock.at(e.at(), () -> action.accept(e));
          }
        });
  }

  /**
   * Computes a function of each item on the threads (work that does not depend on one another and
   * touches one member each: the month end's and the closing figures' per-member reads, the staff's
   * tasks of one page member by member), at the shared clock's instant.
   *
   * @param items the items
   * @param f what to compute for one item
   * @param <T> the items' type
   * @param <R> the results' type
   * @return the results, in the items' order (so that a sum over them is the sequential one)
   */
  <T, R> List<R> map(List<T> items, java.util.function.Function<T, R> f) {
    Objects.requireNonNull(f, "f");
    List<T> in = List.copyOf(items);
    Object[] out = new Object[in.size()];
    // chunks of up to 64 items, but several per thread when there are few (a page of tasks)
    int chunk = Math.max(1, Math.min(64, in.size() / (4 * threads)));
    runAll(
        (in.size() + chunk - 1) / chunk,
        c -> {
          for (int i = c * chunk; i < Math.min(in.size(), (c + 1) * chunk); i++) {
            out[i] = f.apply(in.get(i));
          }
        });
    List<R> results = new ArrayList<>(out.length);
    for (Object o : out) {
      @SuppressWarnings("unchecked")
      R r = (R) o;
      results.add(r);
    }
    return results;
  }

  /**
   * Runs units {@code 0..units-1}, each once, on the threads as they come free (the calling thread
   * too); returns when all have run, or rethrows the first failure once every thread has stopped
   * (the others take no further unit after it).
   */
  private void runAll(int units, java.util.function.IntConsumer unit) {
    if (pool == null || units < 2) {
      for (int i = 0; i < units; i++) {
        unit.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable drain =
        () -> {
          for (int i = next.getAndIncrement();
              i < units && !failed.get();
              i = next.getAndIncrement()) {
            try {
              unit.accept(i);
            } catch (RuntimeException | Error ex) {
              failed.set(true);
              throw ex;
            }
          }
        };
    List<Future<?>> helpers = new ArrayList<>();
    for (int k = 1; k < Math.min(threads, units); k++) {
      helpers.add(pool.submit(drain));
    }
    Throwable failure = null;
    try {
      drain.run();
    } catch (RuntimeException | Error ex) {
      failure = ex;
    }
    boolean interrupted = false;
    for (Future<?> f : helpers) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException ex) {
          // finish waiting (nothing may still run when this returns), then keep the interrupt
          interrupted = true;
        } catch (ExecutionException ex) {
          failure = first(failure, ex.getCause());
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new IllegalStateException("work on the demo's threads failed", failure);
    }
  }

  private static Throwable first(Throwable earlier, Throwable later) {
    if (earlier == null) {
      return later;
    }
    earlier.addSuppressed(later);
    return earlier;
  }

  /** Stops the pool's threads (they are idle between batches). */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
