package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import dev.care.core.error.CareException;

/**
 * A registration named a referrer who cannot refer the customer: the referrer is not registered, is
 * erased, is the customer themselves, or the customer is already registered with another referrer.
 * Nothing was written.
 */
public final class InvalidReferralException extends CareException {
  private static final long serialVersionUID = 1L;

  private final String customerId;
  private final String referrerId;

  /**
   * Creates the exception.
   *
   * @param customer the customer being registered
   * @param referrer the referrer named
   * @param why what is wrong, e.g. "is not registered"
   */
  public InvalidReferralException(CustomerId customer, CustomerId referrer, String why) {
    super("customer " + customer + " cannot be referred by " + referrer + ": " + why);
    this.customerId = customer.value();
    this.referrerId = referrer.value();
  }

  /**
   * The customer being registered.
   *
   * @return the id
   */
  public CustomerId customerId() {
    return CustomerId.of(customerId);
  }

  /**
   * The referrer named.
   *
   * @return the id
   */
  public CustomerId referrerId() {
    return CustomerId.of(referrerId);
  }
}
