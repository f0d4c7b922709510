package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.util.Objects;

/**
 * Identifies a posting: the customer whose journal assigned it and a number in that customer's
 * sequence of postings, so a replay of the customer's journal assigns the same ids and no two
 * customers ever share a counter.
 *
 * @param customer the customer whose journal assigned it
 * @param value the number, at least 1
 */
public record PostingId(CustomerId customer, long value) {
  /** Validates. */
  public PostingId {
    Objects.requireNonNull(customer, "customer");
    if (value < 1) {
      throw new IllegalArgumentException("posting id must be >= 1, got " + value);
    }
  }

  @Override
  public String toString() {
    return customer.value() + "/P" + value;
  }

  // written out (the same values as a record's own): the generated ones go through method handles,
  // which cost the JIT more on these keys of every map in the engine
  @Override
  public boolean equals(Object other) {
    return other instanceof PostingId o && customer.equals(o.customer) && value == o.value;
  }

  @Override
  public int hashCode() {
    return customer.hashCode() * 31 + Long.hashCode(value);
  }
}
