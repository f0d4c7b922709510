package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import dev.care.core.error.CareException;

/**
 * A query or command named a customer the storage does not hold (never registered, or a typo).
 * Every {@link CareEngine} query and command about one customer answers an unknown customer with
 * this exception; nothing was changed.
 */
public final class UnknownCustomerException extends CareException {
  private static final long serialVersionUID = 1L;

  private final String customerId;

  /**
   * Creates the exception.
   *
   * @param customerId the customer asked about
   */
  public UnknownCustomerException(CustomerId customerId) {
    super("unknown customer " + customerId + "; register it first");
    this.customerId = customerId.value();
  }

  /**
   * The customer asked about.
   *
   * @return the id
   */
  public CustomerId customerId() {
    return CustomerId.of(customerId);
  }
}
