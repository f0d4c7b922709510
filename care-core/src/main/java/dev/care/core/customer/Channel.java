package dev.care.core.customer;

/** A way to reach a customer. Consent, quiet hours and frequency caps apply per channel. */
public enum Channel {
  /** Text message. */
  SMS,
  /** E-mail. */
  EMAIL,
  /** Push notification to the merchant's app. */
  PUSH,
  /** A phone call made by staff (a task, not an automated message). */
  PHONE,
  /** Something done in the store by staff (a task). */
  IN_STORE,
  /** Paper mail. */
  MAIL;

  /**
   * Whether messages on this channel are sent automatically (as opposed to staff tasks).
   *
   * @return true for SMS, e-mail, push and mail
   */
  public boolean isAutomated() {
    return this != PHONE && this != IN_STORE;
  }
}
