package dev.care.rules.analytics.internal;

/**
 * An open-addressing hash table from {@code long} keys to {@code int} values (a count, then a
 * rank), for the distinct values of a large column without a boxed object per row. Not thread-safe.
 */
public final class LongTable {
  private long[] keys;
  private int[] values;
  private boolean[] used;
  private int size;

  /** An empty table. */
  public LongTable() {
    keys = new long[64];
    values = new int[64];
    used = new boolean[64];
  }

  private int slot(long key) {
    int mask = keys.length - 1;
    int at = (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    while (used[at] && keys[at] != key) {
      at = (at + 1) & mask;
    }
    return at;
  }

  /**
   * Adds one to a key's value (a new key starts at 0).
   *
   * @param key the key
   */
  public void count(long key) {
    int at = slot(key);
    if (!used[at]) {
      used[at] = true;
      keys[at] = key;
      size++;
      if (size * 2 > keys.length) {
        grow();
        at = slot(key);
      }
    }
    values[at]++;
  }

  /**
   * A key's value.
   *
   * @param key the key
   * @return its value; {@code -1} when it is not in the table
   */
  public int get(long key) {
    int at = slot(key);
    return used[at] ? values[at] : -1;
  }

  /**
   * Sets the value of a key already in the table.
   *
   * @param key the key
   * @param value the value
   */
  public void set(long key, int value) {
    int at = slot(key);
    if (!used[at]) {
      throw new IllegalArgumentException("key " + key + " is not in the table");
    }
    values[at] = value;
  }

  /**
   * The distinct keys.
   *
   * @return the keys in no particular order
   */
  public long[] keys() {
    long[] out = new long[size];
    int k = 0;
    for (int i = 0; i < keys.length; i++) {
      if (used[i]) {
        out[k++] = keys[i];
      }
    }
    return out;
  }

  /**
   * Distinct keys.
   *
   * @return the number of keys
   */
  public int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    keys = new long[oldKeys.length * 2];
    values = new int[keys.length];
    used = new boolean[keys.length];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        int at = slot(oldKeys[i]);
        used[at] = true;
        keys[at] = oldKeys[i];
        values[at] = oldValues[i];
      }
    }
  }
}
