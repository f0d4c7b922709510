package dev.care.storage.dispatch;

import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long finished outbox messages are kept, and how a purge removes them: {@link
 * DeliveryStatus#DELIVERED} and {@link DeliveryStatus#SUPPRESSED} messages whose final attempt is
 * older than the retention are removed in batches of {@link #batchSize()}, at most {@link
 * #maxBatchesPerRun()} batches a run (the rest waits for the next run, so one run never takes
 * long). {@link DeliveryStatus#FAILED} messages are kept until a person acts on them; {@link
 * DeliveryStatus#PENDING} ones until they finish.
 *
 * <p>Frequency caps read the deliveries within their period ({@link OutboxStore#deliveredTo}), so
 * the retention must be at least the longest cap period: {@link #check} refuses a shorter one, and
 * the {@link OutboxDispatcher} checks its policy's caps when it is built. A purged message id is
 * forgotten: see {@link OutboxStore#purgeFinished} for why re-enqueueing it is not a concern for
 * the library's own messages, and keep the retention longer than any retry of your own units of
 * work.
 *
 * <p>Immutable and thread-safe.
 */
public final class OutboxRetention {
  /** The default retention: 30 days, longer than any cap period and any retry. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  /** The default number of messages one purge statement removes. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  /** The default number of batches one run removes at most. */
  public static final int DEFAULT_MAX_BATCHES_PER_RUN = 100;

  private final Duration retention;
  private final int batchSize;
  private final int maxBatchesPerRun;

  private OutboxRetention(Duration retention, int batchSize, int maxBatchesPerRun) {
    this.retention = retention;
    this.batchSize = batchSize;
    this.maxBatchesPerRun = maxBatchesPerRun;
  }

  /**
   * Keeps finished messages for a retention, with the default batches.
   *
   * @param retention how long after its final attempt a finished message is kept (positive)
   * @return the policy
   * @throws IllegalArgumentException if {@code retention} is zero or negative
   */
  public static OutboxRetention of(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    return new OutboxRetention(retention, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCHES_PER_RUN);
  }

  /**
   * Keeps finished messages for {@link #DEFAULT_RETENTION}.
   *
   * @return the policy
   */
  public static OutboxRetention defaults() {
    return of(DEFAULT_RETENTION);
  }

  /**
   * A copy removing at most this many messages per purge statement.
   *
   * @param size the batch size (at least 1)
   * @return a copy
   * @throws IllegalArgumentException if {@code size} is below 1
   */
  public OutboxRetention withBatchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + size);
    }
    return new OutboxRetention(retention, size, maxBatchesPerRun);
  }

  /**
   * A copy removing at most this many batches per run.
   *
   * @param batches the batches (at least 1)
   * @return a copy
   * @throws IllegalArgumentException if {@code batches} is below 1
   */
  public OutboxRetention withMaxBatchesPerRun(int batches) {
    if (batches < 1) {
      throw new IllegalArgumentException("max batches per run must be >= 1, got " + batches);
    }
    return new OutboxRetention(retention, batchSize, batches);
  }

  /**
   * How long a finished message is kept after its final attempt.
   *
   * @return the retention
   */
  public Duration retention() {
    return retention;
  }

  /**
   * Messages removed per purge statement.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Batches removed per run at most.
   *
   * @return the batches
   */
  public int maxBatchesPerRun() {
    return maxBatchesPerRun;
  }

  /**
   * The cutoff at an instant: finished messages whose final attempt is before it are purged.
   *
   * @param now the time
   * @return {@code now - retention}
   */
  public Instant cutoff(Instant now) {
    Objects.requireNonNull(now, "now");
    return now.minus(retention);
  }

  /**
   * Checks that this retention keeps every delivery a frequency cap of the policy reads.
   *
   * @param policy the dispatch policy
   * @return this
   * @throws IllegalArgumentException if a cap's period is longer than the retention
   */
  public OutboxRetention check(DispatchPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    for (DispatchPolicy.ChannelCap cap : policy.caps()) {
      if (cap.period().compareTo(retention) > 0) {
        throw new IllegalArgumentException(
            "outbox retention "
                + retention
                + " is shorter than the frequency cap period "
                + cap.period()
                + " on "
                + cap.channel()
                + ": the cap would no longer see deliveries it must count; keep messages at"
                + " least as long as the longest cap period");
      }
    }
    return this;
  }

  /**
   * Purges the finished messages older than the retention, batch by batch, until a batch comes back
   * short or {@link #maxBatchesPerRun()} batches are done.
   *
   * @param store the outbox
   * @param now the time
   * @return how many messages were removed
   */
  public int purge(OutboxStore store, Instant now) {
    Objects.requireNonNull(store, "store");
    Instant cutoff = cutoff(now);
    int removed = 0;
    for (int batch = 0; batch < maxBatchesPerRun; batch++) {
      int n = store.purgeFinished(cutoff, batchSize);
      if (n < 0 || n > batchSize) {
        throw new IllegalStateException(
            "outbox store " + store + " reports " + n + " messages purged of at most " + batchSize);
      }
      removed += n;
      if (n < batchSize) {
        break;
      }
    }
    return removed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutboxRetention r
        && r.retention.equals(retention)
        && r.batchSize == batchSize
        && r.maxBatchesPerRun == maxBatchesPerRun;
  }

  @Override
  public int hashCode() {
    return Objects.hash(retention, batchSize, maxBatchesPerRun);
  }

  @Override
  public String toString() {
    return "OutboxRetention[retention="
        + retention
        + ", batchSize="
        + batchSize
        + ", maxBatchesPerRun="
        + maxBatchesPerRun
        + "]";
  }
}
