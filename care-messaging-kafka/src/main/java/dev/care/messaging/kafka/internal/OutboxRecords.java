package dev.care.messaging.kafka.internal;

import dev.care.core.customer.CustomerId;
import dev.care.storage.outbox.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns an outbox message into a Kafka record: key, headers and a JSON value. Pure and stateless.
 */
public final class OutboxRecords {
  /** The attribute that names the customer an event is about (events carry no recipient). */
  public static final String CUSTOMER_ATTRIBUTE = "customer";

  private OutboxRecords() {}

  /**
   * The customer a message is about: its recipient, or for an event its {@code customer} attribute.
   *
   * @param m the message
   * @return the customer id, if any
   */
  public static Optional<String> customer(OutboxMessage m) {
    if (m.customer().isPresent()) {
      return m.customer().map(CustomerId::value);
    }
    String attribute = m.attributes().get(CUSTOMER_ATTRIBUTE);
    return attribute == null || attribute.isBlank() ? Optional.empty() : Optional.of(attribute);
  }

  /**
   * The record key: the customer id (one customer, one partition, one order), or the message id for
   * a message about no customer.
   *
   * @param m the message
   * @return the key
   */
  public static String key(OutboxMessage m) {
    return customer(m).orElse(m.id());
  }

  /**
   * The record for a message.
   *
   * @param m the message
   * @param topic the topic
   * @param headers the header names: message id, type, customer, channel, created at
   * @return the record
   */
  public static ProducerRecord<String, String> record(
      OutboxMessage m, String topic, HeaderNames headers) {
    RecordHeaders h = new RecordHeaders();
    h.add(headers.messageId(), utf8(m.id()));
    h.add(headers.type(), utf8(m.type()));
    customer(m).ifPresent(c -> h.add(headers.customer(), utf8(c)));
    m.channel().ifPresent(c -> h.add(headers.channel(), utf8(c.name())));
    h.add(headers.createdAt(), utf8(m.createdAt().toString()));
    return new ProducerRecord<>(topic, null, key(m), json(m), h);
  }

  /**
   * The header names to use.
   *
   * @param messageId the message id header
   * @param type the type header
   * @param customer the customer header
   * @param channel the channel header
   * @param createdAt the created-at header
   */
  public record HeaderNames(
      String messageId, String type, String customer, String channel, String createdAt) {}

  /**
   * The record value: {@code
   * {"id":..,"type":..,"customer":..|null,"channel":..|null,"createdAt":..,"attributes":{..}}}.
   *
   * @param m the message
   * @return JSON text
   */
  public static String json(OutboxMessage m) {
    StringBuilder b = new StringBuilder(128);
    b.append("{\"id\":");
    string(b, m.id());
    b.append(",\"type\":");
    string(b, m.type());
    b.append(",\"customer\":");
    Optional<String> customer = customer(m);
    if (customer.isPresent()) {
      string(b, customer.get());
    } else {
      b.append("null");
    }
    b.append(",\"channel\":");
    if (m.channel().isPresent()) {
      string(b, m.channel().get().name());
    } else {
      b.append("null");
    }
    b.append(",\"createdAt\":");
    string(b, m.createdAt().toString());
    b.append(",\"attributes\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : m.attributes().entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      if (e.getValue() == null) {
        b.append("null");
      } else {
        string(b, e.getValue());
      }
    }
    return b.append("}}").toString();
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
