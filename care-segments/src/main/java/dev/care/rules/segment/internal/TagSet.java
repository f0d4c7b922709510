package dev.care.rules.segment.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An immutable set of tags held as a sorted array, so that the store walks a customer's tags
 * without a hash-set iterator. Equal to (and hashing as) any other set with the same tags.
 */
public final class TagSet extends ImmutableSet<String> {
  private static final TagSet EMPTY = new TagSet(new String[0]);

  private final String[] tags;

  private TagSet(String[] tags) {
    this.tags = tags;
  }

  /**
   * An immutable copy.
   *
   * @param tags the tags, no nulls
   * @return the set (the argument itself when already a {@code TagSet})
   */
  public static TagSet copyOf(Collection<String> tags) {
    Objects.requireNonNull(tags, "tags");
    if (tags instanceof TagSet t) {
      return t;
    }
    if (tags.isEmpty()) {
      return EMPTY;
    }
    String[] a = tags.toArray(new String[0]);
    for (String t : a) {
      Objects.requireNonNull(t, "tag");
    }
    Arrays.sort(a);
    int n = 1;
    for (int i = 1; i < a.length; i++) {
      if (!a[i].equals(a[n - 1])) {
        a[n++] = a[i];
      }
    }
    return new TagSet(n == a.length ? a : Arrays.copyOf(a, n));
  }

  /**
   * The tags, sorted; do not modify.
   *
   * @return the array, or null when {@code tags} is not a {@code TagSet}
   */
  static String[] array(Collection<String> tags) {
    return tags instanceof TagSet t ? t.tags : null;
  }

  @Override
  public int size() {
    return tags.length;
  }

  @Override
  public boolean contains(Object o) {
    Objects.requireNonNull(o, "o");
    return o instanceof String s && Arrays.binarySearch(tags, s) >= 0;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < tags.length;
      }

      @Override
      public String next() {
        if (next >= tags.length) {
          throw new NoSuchElementException();
        }
        return tags[next++];
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    if (o instanceof TagSet t) {
      return Arrays.equals(t.tags, tags);
    }
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
