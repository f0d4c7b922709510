package dev.care.rules.engine;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.ObservedFactor;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's answer to a care message (an SMS reply, an e-mail answer), as the application read
 * it: which message it answers, if known, and the satisfaction or dissatisfaction factors it
 * expresses. The text itself is not kept (the application interprets it; the library stores no free
 * text about a customer).
 *
 * @param id the application's id of the reply (its idempotency key), 1–100 characters
 * @param customer who replied
 * @param channel where the reply came in
 * @param at when it came in
 * @param inReplyTo the idempotency key of the care action it answers, if known
 * @param factors the factors the reply expresses (each code once); may be empty
 */
public record InboundReply(
    String id,
    CustomerId customer,
    Channel channel,
    Instant at,
    Optional<String> inReplyTo,
    List<ObservedFactor> factors) {
  /** Validates and copies. */
  public InboundReply {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    Objects.requireNonNull(factors, "factors");
    if (id.isBlank() || id.length() > 100) {
      throw new IllegalArgumentException(
          "reply id must be 1..100 non-blank characters, got '" + id + "'");
    }
    factors = List.copyOf(factors);
    if (factors.stream().map(ObservedFactor::code).distinct().count() != factors.size()) {
      throw new IllegalArgumentException("reply " + id + " names a factor twice: " + factors);
    }
  }
}
