package dev.care.core.consumption;

/** Where a purchase was made. */
public enum SalesChannel {
  /** In a physical store. */
  STORE,
  /** On the web shop. */
  ONLINE,
  /** In the merchant's mobile app. */
  APP,
  /** Ordered by phone. */
  PHONE
}
