package dev.care.examples;

import dev.care.core.customer.CustomerId;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Does something for every member of a list on a few threads and hands the results back in the
 * list's order, so that what the demo folds from them (counts, sums, a mean in floating point) is
 * exactly what doing them one by one gives. The month ends and the closing figures read each
 * member's stage, balances, tasks and interactions, and the staff's tasks of one page are worked
 * member by member; on PostgreSQL each of those waits on the database, and several waiting at once
 * keep both the database and the demo busy. What is done for one member must not touch another's.
 */
final class MemberThreads implements AutoCloseable {
  private final ForkJoinPool pool;

  /**
   * Works on {@code threads} threads (1: in the calling thread, one after another).
   *
   * @param threads 1 or more
   */
  MemberThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.pool = new ForkJoinPool(threads);
  }

  /**
   * Each member's value, in the order of {@code ids}.
   *
   * @param ids the members
   * @param read what to do for one member; called from several threads at once
   * @return the values, {@code ids.get(i)}'s at {@code i}
   */
  <T> List<T> each(List<CustomerId> ids, Function<CustomerId, T> read) {
    if (pool.getParallelism() == 1) {
      return ids.stream().map(read).toList();
    }
    try {
      // a parallel stream started in a pool's task runs on that pool's threads; toList keeps the
      // encounter order
      return pool.submit(() -> ids.parallelStream().map(read).toList()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted working on " + ids.size() + " members", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("working on " + ids.size() + " members failed", e.getCause());
    }
  }

  /** Stops the threads. */
  @Override
  public void close() {
    pool.shutdown();
  }
}
