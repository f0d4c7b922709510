package dev.care.rules.segment.internal;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * Base of the store's compact immutable sets ({@link ChannelSet}, {@link TagSet}): every mutator
 * throws {@link UnsupportedOperationException}, even when the call would change nothing (as {@code
 * Set.of} does).
 *
 * @param <E> the element type
 */
public abstract class ImmutableSet<E> extends AbstractSet<E> {
  /** For subclasses. */
  protected ImmutableSet() {}

  @Override
  public final boolean add(E e) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public final boolean remove(Object o) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public final boolean addAll(Collection<? extends E> c) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public final boolean removeAll(Collection<?> c) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public final boolean retainAll(Collection<?> c) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public final boolean removeIf(Predicate<? super E> filter) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public final void clear() {
    throw new UnsupportedOperationException("immutable");
  }
}
