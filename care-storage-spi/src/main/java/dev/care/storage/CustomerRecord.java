package dev.care.storage;

import dev.care.core.care.CareTask;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a command reads about one customer besides their journal, as {@link
 * CareStorage#record} returns it in one call: the file, the care state, the consumption history and
 * the service interactions.
 *
 * @param customer the customer
 * @param file the customer file with its version, if registered
 * @param state the care state with its version, if one was written
 * @param consumption purchases and returns, in the order added
 * @param interactions service interactions, in the order first written
 * @param tasks staff tasks, in the order first added
 */
public record CustomerRecord(
    CustomerId customer,
    Optional<Versioned<Customer>> file,
    Optional<Versioned<CareState>> state,
    List<ConsumptionRecord> consumption,
    List<ServiceInteraction> interactions,
    List<CareTask> tasks) {
  /** Validates and copies. */
  public CustomerRecord {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(state, "state");
    consumption = List.copyOf(consumption);
    interactions = List.copyOf(interactions);
    tasks = List.copyOf(tasks);
  }
}
