package dev.care.core.ledger;

import java.util.List;
import java.util.Objects;

/**
 * The result of a ledger command. Business rejections are values ({@link Rejected}); caller
 * mistakes (malformed commands, idempotency conflicts) throw instead.
 */
public sealed interface Outcome {
  /**
   * Whether the command took effect.
   *
   * @return false for a rejection
   */
  default boolean isApplied() {
    return !(this instanceof Rejected);
  }

  /**
   * A posting was made.
   *
   * @param posting the posting
   * @param bills one electronic-bill record per customer whose balance moved
   */
  record Posted(Posting posting, List<Bill> bills) implements Outcome {
    /** Validates. */
    public Posted {
      Objects.requireNonNull(posting, "posting");
      bills = List.copyOf(bills);
    }
  }

  /**
   * A hold was placed.
   *
   * @param hold the hold
   */
  record HoldPlaced(Hold hold) implements Outcome {
    /** Validates. */
    public HoldPlaced {
      Objects.requireNonNull(hold, "hold");
    }
  }

  /**
   * A hold was voided; everything it reserved went back.
   *
   * @param hold the hold as ended
   */
  record HoldVoided(Hold hold) implements Outcome {
    /** Validates. */
    public HoldVoided {
      Objects.requireNonNull(hold, "hold");
    }
  }

  /**
   * The command was refused; nothing changed.
   *
   * @param reason why
   * @param message the details, naming the values involved
   */
  record Rejected(Rejection reason, String message) implements Outcome {
    /** Validates. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
