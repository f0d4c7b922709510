package dev.care.core.ledger;

/**
 * Identifies a posting in the journal; assigned by the ledger in sequence, so a replay of the
 * journal assigns the same ids.
 *
 * @param value the sequence number, at least 1
 */
public record PostingId(long value) {
  /** Validates. */
  public PostingId {
    if (value < 1) {
      throw new IllegalArgumentException("posting id must be >= 1, got " + value);
    }
  }

  @Override
  public String toString() {
    return "P" + value;
  }
}
