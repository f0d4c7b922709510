package dev.care.storage.outbox;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A message waiting in the transactional outbox: written in the same unit of work as the change
 * that caused it (L15), delivered at least once afterwards under a stable id so receivers can
 * de-duplicate.
 *
 * @param id stable id, derived from what caused it (e.g. {@code "bill/P17/C-1"})
 * @param type what it is, e.g. {@code "e-bill"}, {@code "care-action"}, {@code "event"}
 * @param customer the recipient, for customer messages
 * @param channel the channel, for customer messages; events have none
 * @param attributes the content, as named values
 * @param createdAt when the change happened
 * @param status delivery state
 * @param attempts delivery attempts so far
 * @param nextAttemptAt when the dispatcher may try next
 * @param lastError the last failure, if any
 */
public record OutboxMessage(
    String id,
    String type,
    Optional<CustomerId> customer,
    Optional<Channel> channel,
    Map<String, String> attributes,
    Instant createdAt,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    Optional<String> lastError) {
  /** Validates. */
  public OutboxMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastError, "lastError");
    if (id.isBlank() || type.isBlank()) {
      throw new IllegalArgumentException("outbox message id and type must not be blank");
    }
    if (channel.isPresent() && customer.isEmpty()) {
      throw new IllegalArgumentException("outbox message " + id + " has a channel but no customer");
    }
    if (attempts < 0) {
      throw new IllegalArgumentException("outbox message " + id + " attempts must be >= 0");
    }
    // a copy of a message (after an attempt, deferred) shares its attributes: copied once
    attributes = attributes instanceof Attributes held ? held : new Attributes(attributes);
  }

  /**
   * The attributes as a message holds them: a sorted copy that cannot change, so that every copy of
   * the message made by a status change ({@link #attempted}, {@link #deferred}) shares it instead
   * of copying it again. Only this class makes one.
   */
  private static final class Attributes extends java.util.AbstractMap<String, String> {
    private final Map<String, String> sorted;

    Attributes(Map<String, String> attributes) {
      this.sorted = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    @Override
    public java.util.Set<Map.Entry<String, String>> entrySet() {
      return sorted.entrySet();
    }

    @Override
    public String get(Object key) {
      return sorted.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return sorted.containsKey(key);
    }

    @Override
    public int size() {
      return sorted.size();
    }
  }

  /**
   * A new, pending message.
   *
   * @param id stable id
   * @param type what it is
   * @param customer recipient, if any
   * @param channel channel, if any
   * @param attributes content
   * @param createdAt when
   * @return the message
   */
  public static OutboxMessage pending(
      String id,
      String type,
      Optional<CustomerId> customer,
      Optional<Channel> channel,
      Map<String, String> attributes,
      Instant createdAt) {
    return new OutboxMessage(
        id,
        type,
        customer,
        channel,
        attributes,
        createdAt,
        DeliveryStatus.PENDING,
        0,
        createdAt,
        Optional.empty());
  }

  /**
   * This message after a delivery attempt.
   *
   * @param newStatus the new status
   * @param next when to try next
   * @param error the failure, if it failed
   * @return a copy
   */
  public OutboxMessage attempted(DeliveryStatus newStatus, Instant next, Optional<String> error) {
    return new OutboxMessage(
        id, type, customer, channel, attributes, createdAt, newStatus, attempts + 1, next, error);
  }

  /**
   * This message put off without an attempt (quiet hours, frequency cap).
   *
   * @param until when it may go
   * @param why the reason
   * @return a copy
   */
  public OutboxMessage deferred(Instant until, String why) {
    return new OutboxMessage(
        id,
        type,
        customer,
        channel,
        attributes,
        createdAt,
        status,
        attempts,
        until,
        Optional.of(why));
  }

  /**
   * The message as erasure of its customer leaves it: without content (attributes, error text); a
   * pending one is suppressed, never sent.
   *
   * @return the erased copy
   */
  public OutboxMessage erased() {
    boolean pending = status == DeliveryStatus.PENDING;
    return new OutboxMessage(
        id,
        type,
        customer,
        channel,
        Map.of(),
        createdAt,
        pending ? DeliveryStatus.SUPPRESSED : status,
        attempts,
        nextAttemptAt,
        pending ? Optional.of("customer erased") : lastError.map(e -> "(erased)"));
  }
}
