package dev.care.rules.trigger;

import dev.care.core.customer.Customer;
import dev.care.core.customer.TierId;
import dev.care.core.lifecycle.LifecycleStage;
import java.util.Objects;
import java.util.Optional;

/**
 * What triggers need to know about a customer beyond the file itself.
 *
 * @param customer the customer file
 * @param stage the current life-cycle stage
 * @param openComplaint whether a complaint is open (marketing is then suppressed, if configured)
 * @param pointsBalance available points, for message variables
 */
public record CustomerContext(
    Customer customer, LifecycleStage stage, boolean openComplaint, long pointsBalance) {
  /** Rejects nulls. */
  public CustomerContext {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(stage, "stage");
  }

  /**
   * The first word of the customer's name, for greetings.
   *
   * @return the first name
   */
  public String firstName() {
    String n = customer.profile().name().strip();
    int space = n.indexOf(' ');
    return space < 0 ? n : n.substring(0, space);
  }

  /**
   * The tier name, or empty.
   *
   * @return the tier name
   */
  public Optional<String> tierName() {
    return customer.tier().map(TierId::name);
  }
}
