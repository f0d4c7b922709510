package dev.care.core.event;

import dev.care.core.customer.CustomerId;
import java.time.Instant;

/**
 * Something that happened to a customer. Events are immutable records of a sealed hierarchy, so the
 * set of event types is closed and known to every consumer.
 */
public sealed interface CareEvent
    permits CustomerRegistered,
        CustomerErased,
        ConsentChanged,
        PurchaseRecorded,
        ReturnRecorded,
        LifecycleStageChanged,
        TierChanged,
        InteractionOpened,
        InteractionClosed,
        SatisfactionIndexChanged,
        TaskPlanned,
        TaskChanged {
  /**
   * Whom it concerns.
   *
   * @return the customer
   */
  CustomerId customerId();

  /**
   * When it happened.
   *
   * @return the instant
   */
  Instant occurredAt();
}
