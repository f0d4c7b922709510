package dev.care.rules.segment.internal;

import dev.care.core.customer.Channel;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An immutable set of channels held as a bit mask (bit {@link Channel#ordinal()}), so that the
 * store reads a customer's consents in one field load instead of iterating a hash set. Equal to
 * (and hashing as) any other set with the same channels.
 */
public final class ChannelSet extends ImmutableSet<Channel> {
  private static final Channel[] CHANNELS = Channel.values();
  private static final ChannelSet[] CACHE = new ChannelSet[1 << CHANNELS.length];

  static {
    for (int m = 0; m < CACHE.length; m++) {
      CACHE[m] = new ChannelSet(m);
    }
  }

  private final int mask;

  private ChannelSet(int mask) {
    this.mask = mask;
  }

  /**
   * An immutable copy.
   *
   * @param channels the channels, no nulls
   * @return the set (shared instances; the argument itself when already a {@code ChannelSet})
   */
  public static ChannelSet copyOf(Collection<Channel> channels) {
    Objects.requireNonNull(channels, "channels");
    if (channels instanceof ChannelSet c) {
      return c;
    }
    int m = 0;
    for (Channel c : channels) {
      m |= 1 << Objects.requireNonNull(c, "channel").ordinal();
    }
    return CACHE[m];
  }

  /**
   * The channels as a bit mask.
   *
   * @param channels any set of channels
   * @return bit {@code c.ordinal()} for each channel {@code c}
   */
  static int mask(Collection<Channel> channels) {
    if (channels instanceof ChannelSet c) {
      return c.mask;
    }
    int m = 0;
    for (Channel c : channels) {
      m |= 1 << c.ordinal();
    }
    return m;
  }

  @Override
  public int size() {
    return Integer.bitCount(mask);
  }

  @Override
  public boolean contains(Object o) {
    Objects.requireNonNull(o, "o");
    return o instanceof Channel c && ((mask >>> c.ordinal()) & 1) != 0;
  }

  @Override
  public boolean equals(Object o) {
    if (o instanceof ChannelSet c) {
      return c.mask == mask;
    }
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  @Override
  public Iterator<Channel> iterator() {
    return new Iterator<>() {
      private int rest = mask;

      @Override
      public boolean hasNext() {
        return rest != 0;
      }

      @Override
      public Channel next() {
        if (rest == 0) {
          throw new NoSuchElementException();
        }
        int o = Integer.numberOfTrailingZeros(rest);
        rest &= rest - 1;
        return CHANNELS[o];
      }
    };
  }
}
