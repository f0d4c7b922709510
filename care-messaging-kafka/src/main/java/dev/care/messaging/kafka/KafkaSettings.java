package dev.care.messaging.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the outbox is relayed to Kafka. Immutable; build one with {@link #builder()}. Every value is
 * checked when it is set, with a message naming the setting and the value.
 *
 * <p>The producer this module creates is idempotent ({@code enable.idempotence=true}, {@code
 * acks=all}, {@code max.in.flight.requests.per.connection=5}), so a retry inside the producer never
 * writes a record twice or out of order; {@link #producerConfig()} is that configuration, for
 * building your own producer.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}; empty when you supply your own producer
 * @param topics where each message type goes
 * @param sendTimeout how long one send may take, the producer's retries included ({@code
 *     delivery.timeout.ms}); the send fails after it and the outbox retries later. 1 ms to 24 days
 * @param retries how often the producer itself retries a send that failed with a retriable error
 *     within {@code sendTimeout}, 1 to 1000
 * @param clientId the producer's {@code client.id}, not blank
 * @param producerProperties further producer settings (security, compression...); none of the
 *     settings this record manages
 * @param orderHold how long a message that failed (or was held back) holds back later messages with
 *     the same key, so one customer's records stay in order; zero turns holding back off
 * @param clock the time source for {@code orderHold}
 */
public record KafkaSettings(
    Optional<String> bootstrapServers,
    TopicNaming topics,
    Duration sendTimeout,
    int retries,
    String clientId,
    Map<String, String> producerProperties,
    Duration orderHold,
    Clock clock) {

  /**
   * Producer settings this record sets itself and {@link #producerProperties} may not override (the
   * relay's guarantees depend on them).
   */
  public static final Set<String> MANAGED_PROPERTIES =
      Set.of(
          "bootstrap.servers",
          "client.id",
          "enable.idempotence",
          "acks",
          "max.in.flight.requests.per.connection",
          "retries",
          "delivery.timeout.ms",
          "request.timeout.ms",
          "max.block.ms",
          "linger.ms",
          "key.serializer",
          "value.serializer",
          "transactional.id");

  private static final long MAX_TIMEOUT_MS = Integer.MAX_VALUE;

  /** Validates each value. */
  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(producerProperties, "producerProperties");
    Objects.requireNonNull(orderHold, "orderHold");
    Objects.requireNonNull(clock, "clock");
    bootstrapServers.ifPresent(KafkaSettings::checkBootstrapServers);
    checkSendTimeout(sendTimeout);
    checkRetries(retries);
    checkClientId(clientId);
    producerProperties = checkProducerProperties(producerProperties);
    checkOrderHold(orderHold);
  }

  /**
   * A builder with the defaults: no bootstrap servers, every message to the topic {@code
   * care-events}, send timeout 30 s, 10 retries, client id {@code care-outbox}, order hold 1 h, the
   * system UTC clock.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The producer configuration these settings stand for: the idempotent, acknowledged-by-all
   * settings, the timeouts and retries, then {@link #producerProperties}. Serializers are not
   * included: keys and values are strings.
   *
   * @return the configuration, in a new mutable map
   */
  public Map<String, Object> producerConfig() {
    long timeoutMs = sendTimeout.toMillis();
    Map<String, Object> config = new LinkedHashMap<>();
    bootstrapServers.ifPresent(b -> config.put("bootstrap.servers", b));
    config.put("client.id", clientId);
    config.put("enable.idempotence", "true");
    config.put("acks", "all");
    config.put("max.in.flight.requests.per.connection", "5");
    config.put("retries", Integer.toString(retries));
    // delivery.timeout.ms must be at least linger.ms + request.timeout.ms
    config.put("linger.ms", "0");
    config.put("delivery.timeout.ms", Long.toString(timeoutMs));
    config.put("request.timeout.ms", Long.toString(Math.min(timeoutMs, 30_000)));
    config.put("max.block.ms", Long.toString(timeoutMs));
    config.putAll(producerProperties);
    return config;
  }

  /**
   * A builder with these settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bootstrapServers = bootstrapServers;
    b.topics = topics;
    b.sendTimeout = sendTimeout;
    b.retries = retries;
    b.clientId = clientId;
    b.producerProperties = new TreeMap<>(producerProperties);
    b.orderHold = orderHold;
    b.clock = clock;
    return b;
  }

  private static void checkBootstrapServers(String servers) {
    if (servers.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrapServers must be host:port[,host:port...], got \"" + servers + "\"");
    }
    for (String server : servers.split(",", -1)) {
      String s = server.strip();
      int colon = s.lastIndexOf(':');
      boolean ok = colon > 0 && colon < s.length() - 1;
      if (ok) {
        try {
          int port = Integer.parseInt(s.substring(colon + 1));
          ok = port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "bootstrapServers entry must be host:port with a port 1..65535, got \""
                + server
                + "\" in \""
                + servers
                + "\"");
      }
    }
  }

  private static void checkSendTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.toMillis() < 1 || timeout.toMillis() > MAX_TIMEOUT_MS) {
      throw new IllegalArgumentException(
          "sendTimeout must be 1 ms to " + MAX_TIMEOUT_MS + " ms, got " + timeout);
    }
  }

  private static void checkRetries(int retries) {
    if (retries < 1 || retries > 1000) {
      throw new IllegalArgumentException(
          "retries must be 1..1000 (the idempotent producer needs at least 1), got " + retries);
    }
  }

  private static void checkClientId(String clientId) {
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank, got \"" + clientId + "\"");
    }
  }

  private static Map<String, String> checkProducerProperties(Map<String, String> properties) {
    Map<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "producerProperties key");
      String value = e.getValue();
      if (value == null) {
        throw new IllegalArgumentException(
            "producerProperties value of " + key + " must not be null");
      }
      if (MANAGED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException(
            "producerProperties may not set "
                + key
                + " (got \""
                + value
                + "\"): KafkaSettings manages it; use bootstrapServers, sendTimeout, retries or"
                + " clientId");
      }
      copy.put(key, value);
    }
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static void checkOrderHold(Duration hold) {
    if (hold.isNegative()) {
      throw new IllegalArgumentException("orderHold must not be negative, got " + hold);
    }
  }

  /** Builds {@link KafkaSettings}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private Optional<String> bootstrapServers = Optional.empty();
    private TopicNaming topics = TopicNaming.single("care-events");
    private Duration sendTimeout = Duration.ofSeconds(30);
    private int retries = 10;
    private String clientId = "care-outbox";
    private Map<String, String> producerProperties = new TreeMap<>();
    private Duration orderHold = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The brokers to connect to.
     *
     * @param servers {@code host:port[,host:port...]}
     * @return this builder
     * @throws IllegalArgumentException if an entry is not {@code host:port}
     */
    public Builder bootstrapServers(String servers) {
      Objects.requireNonNull(servers, "bootstrapServers");
      checkBootstrapServers(servers);
      this.bootstrapServers = Optional.of(servers);
      return this;
    }

    /**
     * Where each message type goes.
     *
     * @param naming the naming
     * @return this builder
     */
    public Builder topics(TopicNaming naming) {
      this.topics = Objects.requireNonNull(naming, "topics");
      return this;
    }

    /**
     * How long one send may take, retries included.
     *
     * @param timeout 1 ms to 24 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder sendTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "sendTimeout");
      checkSendTimeout(timeout);
      this.sendTimeout = timeout;
      return this;
    }

    /**
     * How often the producer retries a retriable failure within the send timeout.
     *
     * @param count 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder retries(int count) {
      checkRetries(count);
      this.retries = count;
      return this;
    }

    /**
     * The producer's client id.
     *
     * @param id not blank
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder clientId(String id) {
      Objects.requireNonNull(id, "clientId");
      checkClientId(id);
      this.clientId = id;
      return this;
    }

    /**
     * Adds a producer setting (security, compression, buffer sizes...).
     *
     * @param key a producer config key not in {@link #MANAGED_PROPERTIES}
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the key is managed by these settings
     */
    public Builder producerProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      checkProducerProperties(Map.of(key, value));
      producerProperties.put(key, value);
      return this;
    }

    /**
     * How long a failed message holds back later messages with the same key.
     *
     * @param hold not negative; zero turns holding back off
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder orderHold(Duration hold) {
      Objects.requireNonNull(hold, "orderHold");
      checkOrderHold(hold);
      this.orderHold = hold;
      return this;
    }

    /**
     * The time source (for the order hold).
     *
     * @param source the clock
     * @return this builder
     */
    public Builder clock(Clock source) {
      this.clock = Objects.requireNonNull(source, "clock");
      return this;
    }

    /**
     * The settings.
     *
     * @return immutable settings
     */
    public KafkaSettings build() {
      return new KafkaSettings(
          bootstrapServers,
          topics,
          sendTimeout,
          retries,
          clientId,
          producerProperties,
          orderHold,
          clock);
    }
  }
}
