package dev.care.messaging.kafka;

/**
 * The headers on every record this module writes (values UTF-8). A consumer de-duplicates on {@link
 * #MESSAGE_ID}: delivery is at least once, so the same id may arrive more than once, always with
 * the same content.
 */
public final class CareHeaders {
  /** The outbox message id, stable across retries (e.g. {@code tx/C-1/7}). */
  public static final String MESSAGE_ID = "care-message-id";

  /** The outbox message type (e.g. {@code ledger-transaction}, {@code care-action}). */
  public static final String TYPE = "care-message-type";

  /** The customer the record is about, when there is one (also the record key). */
  public static final String CUSTOMER = "care-customer";

  /** The channel of a customer message ({@code EMAIL}, {@code SMS}...); events have none. */
  public static final String CHANNEL = "care-channel";

  /** When the change that caused the message happened, ISO-8601 UTC. */
  public static final String CREATED_AT = "care-created-at";

  private CareHeaders() {}
}
