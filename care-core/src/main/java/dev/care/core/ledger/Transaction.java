package dev.care.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One append-only journal record: everything one command (or one time-driven expiry) did, applied
 * atomically. The journal of transactions is the single source of truth: replaying it into an empty
 * ledger reproduces every balance, lot, hold and idempotency record (L7).
 *
 * @param sequence position in the journal, from 1
 * @param at the ledger time it was applied
 * @param command the command that caused it; empty for time-driven expiries
 * @param outcome what the command returned (a repeat with the same key returns it again)
 * @param holdEvents hold changes, applied before the postings
 * @param postings postings, applied in order
 */
public record Transaction(
    long sequence,
    Instant at,
    Optional<Command> command,
    Outcome outcome,
    List<HoldEvent> holdEvents,
    List<Posting> postings) {
  /** Validates. */
  public Transaction {
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
}
