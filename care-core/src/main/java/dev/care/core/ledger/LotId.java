package dev.care.core.ledger;

/**
 * Identifies a lot in the journal; assigned by the ledger in sequence, so a replay of the journal
 * assigns the same ids.
 *
 * @param value the sequence number, at least 1
 */
public record LotId(long value) {
  /** Validates. */
  public LotId {
    if (value < 1) {
      throw new IllegalArgumentException("lot id must be >= 1, got " + value);
    }
  }

  @Override
  public String toString() {
    return "L" + value;
  }
}
