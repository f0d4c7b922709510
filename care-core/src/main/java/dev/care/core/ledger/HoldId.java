package dev.care.core.ledger;

/**
 * Identifies a hold in the journal; assigned by the ledger in sequence, so a replay of the journal
 * assigns the same ids.
 *
 * @param value the sequence number, at least 1
 */
public record HoldId(long value) {
  /** Validates. */
  public HoldId {
    if (value < 1) {
      throw new IllegalArgumentException("hold id must be >= 1, got " + value);
    }
  }

  @Override
  public String toString() {
    return "H" + value;
  }
}
