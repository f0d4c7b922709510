package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One append-only journal record: everything one command (or one time-driven expiry) did, applied
 * atomically. Journals are kept per customer: a transaction belongs to the journal of the customer
 * whose command (or expiry) caused it, at position {@code sequence}; a transaction that also moves
 * another customer's value (a transfer's receiving side) is appended to that customer's journal
 * too, unchanged. Replaying a customer's journal into an empty ledger reproduces every balance,
 * lot, hold and idempotency record of that customer (L7, L30).
 *
 * @param customer the customer whose journal it belongs to
 * @param sequence its position in that customer's journal, from 1
 * @param at the ledger time it was applied
 * @param command the command that caused it; empty for time-driven expiries
 * @param outcome what the command returned (a repeat with the same key returns it again)
 * @param holdEvents hold changes, applied before the postings
 * @param postings postings, applied in order
 */
public record Transaction(
    CustomerId customer,
    long sequence,
    Instant at,
    Optional<Command> command,
    Outcome outcome,
    List<HoldEvent> holdEvents,
    List<Posting> postings) {
  /** Validates. */
  public Transaction {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(outcome, "outcome");
    holdEvents = List.copyOf(holdEvents);
    postings = List.copyOf(postings);
    if (sequence < 1) {
      throw new IllegalArgumentException("transaction sequence must be >= 1, got " + sequence);
    }
    if (outcome instanceof Outcome.Rejected) {
      throw new IllegalArgumentException("a rejected command leaves no transaction");
    }
  }

  /**
   * Every customer whose accounts, lots or holds this transaction touches, its own customer first.
   *
   * @return the customers
   */
  public Set<CustomerId> customers() {
    Set<CustomerId> out = new LinkedHashSet<>();
    out.add(customer);
    for (HoldEvent e : holdEvents) {
      out.add(e.hold().customer());
    }
    for (Posting p : postings) {
      for (Entry e : p.entries()) {
        e.account().owner().ifPresent(out::add);
      }
    }
    return out;
  }
}
