package dev.care.storage.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outbox side of the storage SPI, used by the {@link
 * dev.care.storage.dispatch.OutboxDispatcher}.
 */
public interface OutboxStore {
  /**
   * Pending messages due at an instant, oldest first.
   *
   * @param now the time
   * @param limit at most this many
   * @return due messages
   */
  List<OutboxMessage> dueMessages(Instant now, int limit);

  /**
   * Claims pending messages due at an instant for one dispatcher, oldest first: a claimed message
   * is not claimed again (by this or any other dispatcher sharing the store) until its lease ends
   * at {@code now + lease} or it is {@link #update updated}, so several application instances can
   * dispatch at once without sending a message twice per claim. {@link #dueMessages} still lists
   * claimed messages.
   *
   * <p>The default claims nothing and returns {@link #dueMessages}: enough for a store with a
   * single dispatcher. Adapters for several processes override it.
   *
   * @param now the time
   * @param limit at most this many
   * @param lease how long the claim hides the messages from other claimants
   * @return the claimed messages
   */
  default List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
    return dueMessages(now, limit);
  }

  /**
   * One message.
   *
   * @param id the id
   * @return the message
   */
  Optional<OutboxMessage> message(String id);

  /**
   * Messages in a state, oldest first (e.g. failed ones, for an operator).
   *
   * @param status the state
   * @return the messages
   */
  List<OutboxMessage> messages(DeliveryStatus status);

  /**
   * Messages delivered to one customer after an instant (a delivered message's {@link
   * OutboxMessage#nextAttemptAt()} is the time of the delivering attempt), oldest first. The
   * dispatcher reads this (in its set form, once per claimed batch) for frequency caps, so adapters
   * must answer it from an index on the customer, not by scanning the outbox.
   *
   * @param customer the customer
   * @param since exclusive lower bound of the delivery time
   * @return the delivered messages
   */
  List<OutboxMessage> deliveredTo(dev.care.core.customer.CustomerId customer, Instant since);

  /**
   * {@link #deliveredTo(dev.care.core.customer.CustomerId, Instant)} for several customers at once
   * (the dispatcher reads the deliveries of a whole claimed batch's customers): the same messages
   * per customer, in the same order. Adapters answer it in one round trip from the same index.
   *
   * @param customers the customers (an empty set reads nothing)
   * @param since exclusive lower bound of the delivery time
   * @return each customer's delivered messages, oldest first; a customer with none is absent
   */
  java.util.Map<dev.care.core.customer.CustomerId, List<OutboxMessage>> deliveredTo(
      java.util.Set<dev.care.core.customer.CustomerId> customers, Instant since);

  /**
   * Removes finished messages — {@link DeliveryStatus#DELIVERED} and {@link
   * DeliveryStatus#SUPPRESSED} ones whose final attempt ({@link OutboxMessage#nextAttemptAt()}, the
   * time of the delivering or suppressing attempt) is strictly before {@code olderThan} — at most
   * {@code limit} of them, oldest final attempt first. {@link DeliveryStatus#FAILED} messages stay
   * until a person acts on them, and {@link DeliveryStatus#PENDING} ones until they finish. Call it
   * repeatedly until it returns less than {@code limit} (as {@link
   * dev.care.storage.dispatch.OutboxRetention} does): each call is one bounded statement, so a
   * purge never holds a long transaction.
   *
   * <p>What a purge gives up: {@link #deliveredTo} no longer lists a purged message, so the cutoff
   * must stay before the longest frequency-cap period ({@link
   * dev.care.storage.dispatch.OutboxRetention#check} enforces it); and a purged id is forgotten, so
   * a message enqueued again under that id after the purge is delivered again (before it, the
   * repeat is ignored). The library never relies on the outbox to de-duplicate across that horizon:
   * ledger messages are enqueued only in the unit that commits their transaction, whose idempotency
   * key is kept for good (a repeated command enqueues nothing), and the engine enqueues a care
   * message only for a care action not stored before (care actions are kept for good). A caller
   * that enqueues its own messages must do the same, or keep the retention longer than it may
   * repeat an id. No tombstone is kept: it would make the outbox grow for ever again, one row per
   * message.
   *
   * <p>Adapters answer it from an index on (status, final attempt) — never by scanning the outbox —
   * and a message an adapter removes leaves every read ({@link #message}, {@link #messages}, {@link
   * #deliveredTo}) at once.
   *
   * @param olderThan exclusive upper bound of the final attempt of a removed message
   * @param limit at most this many (at least 1)
   * @return how many were removed (at most {@code limit}; 0 when nothing is left to purge)
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  int purgeFinished(Instant olderThan, int limit);

  /**
   * Records a delivery attempt or deferral (replaces the stored message with the same id, and ends
   * its claim).
   *
   * @param message the updated message
   */
  void update(OutboxMessage message);

  /**
   * Records the attempts or deferrals of several messages at once, as one unit: the result is that
   * of calling {@link #update} for each in list order (so of two with the same id, the later one
   * stays; each ends its message's claim), but either all are recorded or — when one names no
   * stored message, or the store fails — none is. Adapters write them in one transaction and as few
   * round trips as they can (the dispatcher records a claimed batch's outcomes with it).
   *
   * @param messages the updated messages (an empty list writes nothing)
   * @throws dev.care.storage.StorageException naming the first message that is not stored, or if
   *     the store fails; nothing is recorded then
   */
  void updateAll(List<OutboxMessage> messages);
}
