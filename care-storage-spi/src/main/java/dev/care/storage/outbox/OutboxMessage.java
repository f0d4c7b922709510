package dev.care.storage.outbox;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
   * The attributes as a message holds them: a copy sorted by name that cannot change, so that every
   * copy of the message made by a status change ({@link #attempted}, {@link #deferred}) shares it
   * instead of copying it again. Held as two arrays (names, values) looked up by binary search: a
   * message lives in the outbox until it is delivered and kept a while after, so its size counts.
   * Only this class makes one.
   */
  private static final class Attributes extends java.util.AbstractMap<String, String> {
    private final String[] names;
    private final String[] values;

    Attributes(Map<String, String> attributes) {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Map.Entry<String, String>[] entries = attributes.entrySet().toArray(new Map.Entry[0]);
      // a null name fails here or below, as it did in the TreeMap this replaced
      java.util.Arrays.sort(entries, Map.Entry.comparingByKey());
      names = new String[entries.length];
      values = new String[entries.length];
      for (int i = 0; i < entries.length; i++) {
        names[i] = Objects.requireNonNull(entries[i].getKey(), "attribute name");
        values[i] = entries[i].getValue();
      }
    }

    private int indexOf(Object name) {
      return name instanceof String s ? java.util.Arrays.binarySearch(names, s) : -1;
    }

    @Override
    public String get(Object name) {
      int i = indexOf(name);
      return i >= 0 ? values[i] : null;
    }

    @Override
    public boolean containsKey(Object name) {
      return indexOf(name) >= 0;
    }

    @Override
    public int size() {
      return names.length;
    }

    @Override
    public java.util.Set<Map.Entry<String, String>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public java.util.Iterator<Map.Entry<String, String>> iterator() {
          return new java.util.Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < names.length;
            }

            @Override
            public Map.Entry<String, String> next() {
              if (next >= names.length) {
                throw new java.util.NoSuchElementException();
              }
              int i = next++;
              return new java.util.AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
            }
          };
        }

        @Override
        public int size() {
          return names.length;
        }
      };
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
