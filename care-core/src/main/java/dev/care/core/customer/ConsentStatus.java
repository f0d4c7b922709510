package dev.care.core.customer;

/** A customer's answer about one channel. Unknown counts as no: never send what was not asked. */
public enum ConsentStatus {
  /** Opted in. */
  OPTED_IN,
  /** Opted out. */
  OPTED_OUT,
  /** Never asked. Treated as not consented. */
  UNKNOWN;

  /**
   * Whether marketing and care messages may be sent.
   *
   * @return true only for {@link #OPTED_IN}
   */
  public boolean permitsMessages() {
    return this == OPTED_IN;
  }
}
