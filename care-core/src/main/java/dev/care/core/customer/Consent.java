package dev.care.core.customer;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Consent per channel. Channels not mentioned are {@link ConsentStatus#UNKNOWN}, which does not
 * permit messages.
 *
 * @param byChannel the recorded answers
 */
public record Consent(Map<Channel, ConsentStatus> byChannel) {
  /** Copies the map; rejects null keys or values. */
  public Consent {
    Objects.requireNonNull(byChannel, "byChannel");
    byChannel.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "byChannel key");
          if (v == null) {
            throw new NullPointerException("byChannel value for " + k);
          }
        });
    byChannel = Map.copyOf(byChannel);
  }

  /**
   * No channel consented.
   *
   * @return an empty consent record
   */
  public static Consent none() {
    return new Consent(Map.of());
  }

  /**
   * Opted in to exactly these channels.
   *
   * @param channels the channels
   * @return the consent
   */
  public static Consent optedIn(Channel... channels) {
    Map<Channel, ConsentStatus> m = new EnumMap<>(Channel.class);
    for (Channel c : channels) {
      m.put(Objects.requireNonNull(c, "channel"), ConsentStatus.OPTED_IN);
    }
    return new Consent(m);
  }

  /**
   * The status for a channel.
   *
   * @param channel the channel
   * @return the recorded status, or {@link ConsentStatus#UNKNOWN}
   */
  public ConsentStatus status(Channel channel) {
    return byChannel.getOrDefault(
        Objects.requireNonNull(channel, "channel"), ConsentStatus.UNKNOWN);
  }

  /**
   * Whether messages on a channel are permitted.
   *
   * @param channel the channel
   * @return true if opted in
   */
  public boolean permits(Channel channel) {
    return status(channel).permitsMessages();
  }

  /**
   * A copy with one channel's status changed.
   *
   * @param channel the channel
   * @param status the new status
   * @return the new consent
   */
  public Consent with(Channel channel, ConsentStatus status) {
    Map<Channel, ConsentStatus> m = new EnumMap<>(Channel.class);
    m.putAll(byChannel);
    m.put(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(status, "status"));
    return new Consent(m);
  }
}
