package dev.care.storage.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outbox side of the storage SPI, used by the {@link OutboxDispatcher}. */
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
   * dispatcher reads this for frequency caps on every message, so adapters must answer it from an
   * index on the customer, not by scanning the outbox.
   *
   * @param customer the customer
   * @param since exclusive lower bound of the delivery time
   * @return the delivered messages
   */
  List<OutboxMessage> deliveredTo(dev.care.core.customer.CustomerId customer, Instant since);

  /**
   * Records a delivery attempt or deferral (replaces the stored message with the same id, and ends
   * its claim).
   *
   * @param message the updated message
   */
  void update(OutboxMessage message);
}
