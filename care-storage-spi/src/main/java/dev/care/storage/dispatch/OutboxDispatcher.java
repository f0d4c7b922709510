package dev.care.storage.dispatch;

import dev.care.core.customer.Channel;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.storage.CareStorage;
import dev.care.storage.Versioned;
import dev.care.storage.messaging.EventPublisher;
import dev.care.storage.messaging.MessageChannel;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import dev.care.storage.outbox.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox messages at least once: events to the {@link EventPublisher}, customer messages
 * to the customer's channel, respecting consent (no consent: suppressed, visible, never sent),
 * quiet hours in the customer's time zone (deferred, not dropped) and frequency caps per channel.
 * Failures are retried with exponential back-off and, after the last attempt, kept as {@link
 * DeliveryStatus#FAILED} for an operator — never dropped silently. Call {@link #runOnce()} from
 * your scheduler; time comes from the injected clock. Batches are claimed ({@link
 * OutboxStore#claimDue}), so dispatchers in several application instances may run at once.
 *
 * <p>Built with an {@link OutboxRetention}, each run ends by purging the delivered and suppressed
 * messages older than the retention, in bounded batches, so the outbox stops growing; the retention
 * must be at least the longest frequency-cap period of the policy (checked when the dispatcher is
 * built). A purge the store fails is logged and left to the next run; the run's deliveries stand.
 * Without a retention, finished messages are kept for ever.
 *
 * <p>Each claimed batch costs a few round trips, not a few per message: the batch's customers and
 * their recent deliveries are read once ({@link CareStorage#customers}, {@link
 * OutboxStore#deliveredTo(Set, Instant)}), and the outcomes are written together at the end of the
 * batch ({@link OutboxStore#updateAll}, one transaction). The outcome of each message is the one it
 * would have had alone: a frequency cap counts the deliveries made earlier in the same batch. If
 * the run stops between sending and that write (a crash, a failing store), the batch's messages are
 * sent again once their claim's lease ends — at least once, as always, with up to a batch repeated
 * rather than one message.
 *
 * <p>A run is bounded: it handles each message at most once, so a store that hands back a message
 * it was told about (an update that did not take) ends the run with a warning instead of sending
 * the message again and again.
 */
public final class OutboxDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final int BATCH = 500;

  /**
   * How long a claimed batch stays hidden from other dispatchers: if this one stops (a crash)
   * before it records the attempts, another delivers them after this lease (at least once).
   */
  public static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  private final CareStorage storage;
  private final Map<Channel, MessageChannel> channels = new EnumMap<>(Channel.class);
  private final EventPublisher events;
  private final DispatchPolicy policy;
  private final Clock clock;
  private final Optional<OutboxRetention> retention;

  /**
   * Creates a dispatcher that keeps finished messages for ever (see {@link
   * #OutboxDispatcher(CareStorage, List, EventPublisher, DispatchPolicy, Clock, OutboxRetention)}
   * for one that purges them).
   *
   * @param storage where the outbox lives
   * @param channels the channels that can send (a message for a missing channel is retried, then
   *     failed)
   * @param events the event publisher
   * @param policy retries and caps
   * @param clock the time source
   */
  public OutboxDispatcher(
      CareStorage storage,
      List<MessageChannel> channels,
      EventPublisher events,
      DispatchPolicy policy,
      Clock clock) {
    this(storage, channels, events, policy, clock, Optional.empty());
  }

  /**
   * Creates a dispatcher that purges finished messages after a retention at the end of each run.
   *
   * @param storage where the outbox lives
   * @param channels the channels that can send (a message for a missing channel is retried, then
   *     failed)
   * @param events the event publisher
   * @param policy retries and caps
   * @param clock the time source
   * @param retention how long delivered and suppressed messages are kept
   * @throws IllegalArgumentException if the retention is shorter than a frequency cap's period
   */
  public OutboxDispatcher(
      CareStorage storage,
      List<MessageChannel> channels,
      EventPublisher events,
      DispatchPolicy policy,
      Clock clock,
      OutboxRetention retention) {
    this(
        storage,
        channels,
        events,
        policy,
        clock,
        Optional.of(Objects.requireNonNull(retention, "retention").check(policy)));
  }

  private OutboxDispatcher(
      CareStorage storage,
      List<MessageChannel> channels,
      EventPublisher events,
      DispatchPolicy policy,
      Clock clock,
      Optional<OutboxRetention> retention) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.events = Objects.requireNonNull(events, "events");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = retention;
    for (MessageChannel c : channels) {
      this.channels.put(c.channel(), c);
    }
  }

  /**
   * The retention this dispatcher purges after, if any.
   *
   * @return the retention
   */
  public Optional<OutboxRetention> retention() {
    return retention;
  }

  /**
   * Delivers what is due now, in batches, until nothing is due; then, with a retention, purges the
   * finished messages older than it.
   *
   * @return what happened
   */
  public DispatchReport runOnce() {
    Instant now = clock.instant();
    int delivered = 0;
    int deferred = 0;
    int suppressed = 0;
    int retried = 0;
    int failed = 0;
    // every handled message leaves the due set (delivered, deferred, rescheduled or ended), and
    // a claimed one is not handed to another dispatcher meanwhile; a store that hands back a
    // message already handled in this run ends the run (each message is handled once a run)
    Set<String> handled = new HashSet<>();
    for (List<OutboxMessage> due = storage.claimDue(now, BATCH, CLAIM_LEASE);
        !due.isEmpty();
        due = storage.claimDue(now, BATCH, CLAIM_LEASE)) {
      List<OutboxMessage> fresh = due.stream().filter(m -> !handled.contains(m.id())).toList();
      if (fresh.isEmpty()) {
        LOG.warn(
            "outbox store {} handed back {} message(s) already handled in this run (first {}):"
                + " its updates do not take the messages out of the due set; ending the run",
            storage,
            due.size(),
            due.get(0).id());
        break;
      }
      fresh.forEach(m -> handled.add(m.id()));
      Batch batch = new Batch(fresh, now);
      for (OutboxMessage m : fresh) {
        switch (dispatch(m, now, batch)) {
          case DELIVERED -> delivered++;
          case DEFERRED -> deferred++;
          case SUPPRESSED -> suppressed++;
          case RETRY -> retried++;
          case FAILED -> failed++;
        }
      }
      storage.updateAll(batch.outcomes);
    }
    int purged = 0;
    if (retention.isPresent()) {
      try {
        purged = retention.get().purge(storage, now);
      } catch (dev.care.storage.StorageException e) {
        // the deliveries are recorded; the next run purges what this one could not
        LOG.warn("outbox purge failed, the next run tries again: {}", e.getMessage());
      }
    }
    return new DispatchReport(delivered, deferred, suppressed, retried, failed, purged);
  }

  private enum Result {
    DELIVERED,
    DEFERRED,
    SUPPRESSED,
    RETRY,
    FAILED
  }

  /**
   * One claimed batch: its customers and their recent deliveries read once for the whole batch (one
   * round trip each instead of two per message), the deliveries made in this batch added as they
   * happen (so a frequency cap counts them as if each had been written at once), and the outcomes
   * collected to be written together ({@link OutboxStore#updateAll}) when the batch is done. If the
   * run stops before that write, the batch's messages stay claimed until their lease ends and are
   * then sent again: at least once, as before, with up to a batch sent twice instead of one
   * message.
   */
  private final class Batch {
    private final Map<CustomerId, Versioned<Customer>> customers;
    private final Map<CustomerId, List<OutboxMessage>> deliveries = new HashMap<>();
    final List<OutboxMessage> outcomes = new ArrayList<>();

    Batch(List<OutboxMessage> messages, Instant now) {
      Set<CustomerId> ids = new HashSet<>();
      Set<CustomerId> capped = new HashSet<>();
      for (OutboxMessage m : messages) {
        m.customer()
            .ifPresent(
                c -> {
                  ids.add(c);
                  if (!policy.uncappedTypes().contains(m.type())) {
                    capped.add(c);
                  }
                });
      }
      this.customers = ids.isEmpty() ? Map.of() : storage.customers(ids);
      // the longest cap's window holds every shorter one's: one read for all caps
      Optional<Duration> longest =
          policy.caps().stream()
              .map(DispatchPolicy.ChannelCap::period)
              .max(Comparator.naturalOrder());
      capped.retainAll(customers.keySet());
      if (!capped.isEmpty() && longest.isPresent()) {
        // copied: the batch adds its own deliveries to these lists
        storage
            .deliveredTo(capped, now.minus(longest.get()))
            .forEach((c, list) -> deliveries.put(c, new ArrayList<>(list)));
      }
    }

    Optional<Versioned<Customer>> customer(CustomerId id) {
      return Optional.ofNullable(customers.get(id));
    }

    /**
     * The customer's deliveries after an instant (within the longest cap's period), oldest first.
     */
    List<OutboxMessage> deliveredTo(CustomerId id, Instant after) {
      List<OutboxMessage> out = new ArrayList<>();
      for (OutboxMessage d : deliveries.getOrDefault(id, List.of())) {
        if (d.nextAttemptAt().isAfter(after)) {
          out.add(d);
        }
      }
      out.sort(Comparator.comparing(OutboxMessage::nextAttemptAt));
      return out;
    }

    void record(OutboxMessage outcome) {
      outcomes.add(outcome);
      if (outcome.status() == DeliveryStatus.DELIVERED && outcome.customer().isPresent()) {
        deliveries.computeIfAbsent(outcome.customer().get(), c -> new ArrayList<>()).add(outcome);
      }
    }
  }

  private Result dispatch(OutboxMessage m, Instant now, Batch batch) {
    if (m.customer().isEmpty()) {
      return attempt(m, now, batch, () -> events.publish(m));
    }
    Optional<Versioned<Customer>> customer = batch.customer(m.customer().get());
    if (customer.isEmpty()) {
      batch.record(m.attempted(DeliveryStatus.SUPPRESSED, now, Optional.of("unknown customer")));
      return Result.SUPPRESSED;
    }
    var profile = customer.get().value().profile();
    Channel channel = m.channel().orElse(profile.preferredChannel());
    if (!profile.reachableBy(channel)) {
      batch.record(
          m.attempted(
              DeliveryStatus.SUPPRESSED, now, Optional.of("no consent or contact for " + channel)));
      return Result.SUPPRESSED;
    }
    if (profile.quietHours().isPresent()) {
      Instant allowed = profile.quietHours().get().nextAllowed(now, profile.zone());
      if (allowed.isAfter(now)) {
        batch.record(m.deferred(allowed, "quiet hours"));
        return Result.DEFERRED;
      }
    }
    if (!policy.uncappedTypes().contains(m.type())) {
      for (DispatchPolicy.ChannelCap cap : policy.caps()) {
        if (cap.channel() != channel) {
          continue;
        }
        Instant since = now.minus(cap.period());
        List<Instant> sent =
            batch.deliveredTo(m.customer().get(), since).stream()
                .filter(d -> !policy.uncappedTypes().contains(d.type()))
                .filter(d -> d.channel().orElse(profile.preferredChannel()) == channel)
                .map(OutboxMessage::nextAttemptAt) // oldest first
                .toList();
        if (sent.size() >= cap.max()) {
          Instant until = sent.get(sent.size() - cap.max()).plus(cap.period());
          batch.record(m.deferred(until, "frequency cap " + cap.max() + " per " + cap.period()));
          return Result.DEFERRED;
        }
      }
    }
    MessageChannel sender = channels.get(channel);
    return attempt(
        m,
        now,
        batch,
        () -> {
          if (sender == null) {
            throw new IllegalStateException("no MessageChannel configured for " + channel);
          }
          sender.send(m);
        });
  }

  private Result attempt(OutboxMessage m, Instant now, Batch batch, Runnable send) {
    try {
      send.run();
    } catch (RuntimeException e) {
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (m.attempts() + 1 >= policy.maxAttempts()) {
        LOG.warn(
            "outbox message {} failed for good after {} attempts: {}",
            m.id(),
            m.attempts() + 1,
            error);
        batch.record(m.attempted(DeliveryStatus.FAILED, now, Optional.of(error)));
        return Result.FAILED;
      }
      LOG.info(
          "outbox message {} attempt {} failed, will retry: {}", m.id(), m.attempts() + 1, error);
      batch.record(
          m.attempted(
              DeliveryStatus.PENDING,
              now.plus(policy.backoff(m.attempts() + 1)),
              Optional.of(error)));
      return Result.RETRY;
    }
    batch.record(m.attempted(DeliveryStatus.DELIVERED, now, Optional.empty()));
    return Result.DELIVERED;
  }
}
