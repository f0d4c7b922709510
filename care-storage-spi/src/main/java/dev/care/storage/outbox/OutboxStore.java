package dev.care.storage.outbox;

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
   * Records a delivery attempt or deferral (replaces the stored message with the same id).
   *
   * @param message the updated message
   */
  void update(OutboxMessage message);
}
