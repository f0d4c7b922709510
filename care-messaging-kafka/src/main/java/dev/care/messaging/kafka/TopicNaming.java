package dev.care.messaging.kafka;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which topic an outbox message goes to: one topic for everything, or one topic per message type
 * ({@code prefix + type}, e.g. {@code care.ledger-transaction}). Immutable and thread-safe.
 */
public final class TopicNaming {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final int MAX_LENGTH = 249;

  private final String topicOrPrefix;
  private final boolean perType;

  private TopicNaming(String topicOrPrefix, boolean perType) {
    this.topicOrPrefix = topicOrPrefix;
    this.perType = perType;
  }

  /**
   * Every message to one topic.
   *
   * @param topic a legal Kafka topic name: 1 to 249 of {@code a-z A-Z 0-9 . _ -}, not {@code .} or
   *     {@code ..}
   * @return the naming
   * @throws IllegalArgumentException if the name is not a legal topic name
   */
  public static TopicNaming single(String topic) {
    Objects.requireNonNull(topic, "topic");
    checkLegal("topic", topic, false);
    return new TopicNaming(topic, false);
  }

  /**
   * One topic per message type: {@code prefix + type}, with each character of the type that Kafka
   * does not allow in a topic name replaced by {@code _}.
   *
   * @param prefix the prefix, e.g. {@code "care."}; may be empty; only legal topic characters
   * @return the naming
   * @throws IllegalArgumentException if the prefix has characters a topic name cannot have or is
   *     longer than 200
   */
  public static TopicNaming perType(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.length() > 200) {
      throw new IllegalArgumentException(
          "topic prefix must be at most 200 characters, got " + prefix.length() + ": " + prefix);
    }
    if (!prefix.isEmpty()) {
      checkLegal("topic prefix", prefix, true);
    }
    return new TopicNaming(prefix, true);
  }

  /**
   * The topic for a message type.
   *
   * @param type the outbox message type
   * @return the topic name
   */
  public String topicFor(String type) {
    Objects.requireNonNull(type, "type");
    if (!perType) {
      return topicOrPrefix;
    }
    StringBuilder name = new StringBuilder(topicOrPrefix);
    for (int i = 0; i < type.length() && name.length() < MAX_LENGTH; i++) {
      char c = type.charAt(i);
      boolean legal =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      name.append(legal ? c : '_');
    }
    String topic = name.toString();
    return topic.equals(".") || topic.equals("..") ? "_" + topic : topic;
  }

  private static void checkLegal(String what, String name, boolean prefix) {
    if (name.isEmpty()
        || name.length() > MAX_LENGTH
        || !LEGAL.matcher(name).matches()
        || (!prefix && (name.equals(".") || name.equals("..")))) {
      throw new IllegalArgumentException(
          what
              + " must be 1 to "
              + MAX_LENGTH
              + " characters of a-z A-Z 0-9 . _ - (and not . or ..), got \""
              + name
              + "\"");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicNaming t
        && t.perType == perType
        && t.topicOrPrefix.equals(topicOrPrefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topicOrPrefix, perType);
  }

  @Override
  public String toString() {
    return perType ? "perType(" + topicOrPrefix + "<type>)" : "single(" + topicOrPrefix + ")";
  }
}
