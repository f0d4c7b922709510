package dev.care.storage.outbox;

/** Where an outbox message is in delivery. */
public enum DeliveryStatus {
  /** Waiting for (another) attempt. */
  PENDING,
  /** Delivered; kept for audit and de-duplication. */
  DELIVERED,
  /** Not sent on purpose (no consent for the channel); kept, visible, never retried. */
  SUPPRESSED,
  /** Gave up after the maximum attempts; kept and visible, never silently dropped. */
  FAILED
}
