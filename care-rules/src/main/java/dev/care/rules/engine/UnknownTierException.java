package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.error.CareException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Building an engine found customers whose stored tier the program does not declare (a new program
 * version dropped it) and no {@link CareEngine.Builder#tierMapping mapping} for it. Nothing was
 * changed; declare where each such tier goes, or keep the tier in the program.
 */
public final class UnknownTierException extends CareException {
  private static final long serialVersionUID = 1L;

  /** How many customers the message and {@link #customers()} name at most. */
  public static final int NAMED = 100;

  private final transient Map<CustomerId, TierId> customers;
  private final long count;

  /**
   * Creates the exception.
   *
   * @param programId the program
   * @param customers customers holding an unknown tier, with that tier (at most {@link #NAMED})
   * @param count how many customers hold an unknown tier in all
   */
  public UnknownTierException(String programId, Map<CustomerId, TierId> customers, long count) {
    super(
        count
            + " customer(s) hold a tier program "
            + programId
            + " does not declare and no tierMapping maps: "
            + customers.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "))
            + (count > customers.size() ? ", ..." : ""));
    this.customers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customers));
    this.count = count;
  }

  /**
   * Customers holding an unknown tier, with the tier they hold, in id order (at most {@link
   * #NAMED}).
   *
   * @return the customers
   */
  public Map<CustomerId, TierId> customers() {
    return customers;
  }

  /**
   * How many customers hold an unknown tier in all.
   *
   * @return the count
   */
  public long count() {
    return count;
  }
}
