package dev.care.storage.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Bill;
import dev.care.core.ledger.Command;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.Outcome;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.Transaction;
import dev.care.core.wallet.WalletBalance;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.CareStorage;
import dev.care.storage.CommitOutcomeUnknownException;
import dev.care.storage.ConcurrencyConflictException;
import dev.care.storage.UnitOfWork;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Ledger} made durable on a {@link CareStorage}: every command's transactions are
 * appended to the stored journal together with their outbox messages (an e-bill per customer
 * movement and an event per transaction) in one unit of work (L15). Several instances may share one
 * store: each appends only after the last sequence it has seen, and on a conflict catches up and
 * re-runs the command, so no update is lost and nothing is spent twice. Idempotency keys are
 * checked against the stored journal, so a retry after a restart returns the original reply.
 *
 * <p>A {@link CommitOutcomeUnknownException} is passed on as such — never as a failure: retry the
 * same command with the same key.
 */
public final class DurableLedger {
  private static final Logger LOG = LoggerFactory.getLogger(DurableLedger.class);
  private static final int MAX_CONFLICT_RETRIES = 100;

  private final CareStorage storage;
  private final PointsPolicy pointsPolicy;
  private final WalletPolicy walletPolicy;
  private final Clock clock;
  private final BillDelivery bills;
  private Ledger ledger;
  private long persisted;
  private static final Consumer<UnitOfWork> NOTHING = uow -> {};

  /**
   * Opens the ledger stored in a storage, replaying its journal.
   *
   * @param storage the storage
   * @param pointsPolicy points rules
   * @param walletPolicy wallet rules
   * @param clock the time source
   */
  public DurableLedger(
      CareStorage storage, PointsPolicy pointsPolicy, WalletPolicy walletPolicy, Clock clock) {
    this(storage, pointsPolicy, walletPolicy, clock, BillDelivery.TO_CUSTOMER);
  }

  /** Where the ledger's per-movement bills go. */
  public enum BillDelivery {
    /** To the customer, as an {@code e-bill} message on their preferred channel. */
    TO_CUSTOMER,
    /**
     * As a {@code ledger-bill} event (the customer id in its attributes), for a layer above that
     * sends its own, templated e-bill (as {@code CareEngine} does) — so no customer gets two.
     */
    AS_EVENT
  }

  /**
   * Opens the ledger stored in a storage, replaying its journal, choosing where bills go.
   *
   * @param storage the storage
   * @param pointsPolicy points rules
   * @param walletPolicy wallet rules
   * @param clock the time source
   * @param bills where per-movement bills go
   */
  public DurableLedger(
      CareStorage storage,
      PointsPolicy pointsPolicy,
      WalletPolicy walletPolicy,
      Clock clock,
      BillDelivery bills) {
    this.bills = Objects.requireNonNull(bills, "bills");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.pointsPolicy = Objects.requireNonNull(pointsPolicy, "pointsPolicy");
    this.walletPolicy = Objects.requireNonNull(walletPolicy, "walletPolicy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ledger = rebuild();
    this.persisted = ledger.journalSize();
  }

  private Ledger rebuild() {
    List<Transaction> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<Transaction> page = storage.journal(after, 10_000);
      if (page.isEmpty()) {
        break;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).sequence();
    }
    return Ledger.replay(pointsPolicy, walletPolicy, clock, all);
  }

  /** Applies what other instances committed; drops unpersisted local work if it must. */
  private void catchUp() {
    if (storage.lastSequence() == persisted) {
      return;
    }
    if (ledger.journalSize() != persisted) {
      ledger = rebuild();
    } else {
      while (true) {
        List<Transaction> page = storage.journal(ledger.journalSize(), 10_000);
        if (page.isEmpty()) {
          break;
        }
        page.forEach(ledger::applyCommitted);
      }
    }
    persisted = ledger.journalSize();
  }

  /**
   * Runs a command durably.
   *
   * @param command the command
   * @return its outcome; a repeat of a committed key returns the original
   * @throws CommitOutcomeUnknownException if the store cannot say whether it committed: retry
   * @throws dev.care.storage.StorageException if the store failed; nothing was written: retry
   */
  public Outcome execute(Command command) {
    Objects.requireNonNull(command, "command");
    return executeAll(List.of(command), NOTHING).get(0);
  }

  /**
   * Runs commands and other writes in one unit of work: all of it commits, or none. On a journal
   * conflict the commands are re-run after catching up and {@code alsoWrite} is called again, so it
   * must only add writes (no side effects of its own).
   *
   * @param commands the ledger commands, in order
   * @param alsoWrite further writes for the same unit of work (customer files, care actions...)
   * @return the outcomes, one per command
   */
  public synchronized List<Outcome> executeAll(
      List<? extends Command> commands, Consumer<UnitOfWork> alsoWrite) {
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(alsoWrite, "alsoWrite");
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      catchUp();
      long before = persisted;
      List<Outcome> outcomes = new ArrayList<>();
      for (Command c : commands) {
        outcomes.add(ledger.execute(c));
      }
      ledger.advance();
      List<Transaction> fresh = ledger.journalAfter(before);
      if (fresh.isEmpty() && alsoWrite == NOTHING) {
        return outcomes;
      }
      try (UnitOfWork uow = storage.begin()) {
        if (!fresh.isEmpty()) {
          uow.appendJournal(before, fresh);
          for (Transaction tx : fresh) {
            messagesFor(tx, bills).forEach(uow::enqueue);
          }
        }
        alsoWrite.accept(uow);
        uow.commit();
        persisted = ledger.journalSize();
        return outcomes;
      } catch (ConcurrencyConflictException conflict) {
        LOG.debug("journal moved on (attempt {}); catching up and retrying", attempt + 1);
        ledger = rebuild();
        persisted = ledger.journalSize();
      } catch (RuntimeException failure) {
        ledger = rebuild();
        persisted = ledger.journalSize();
        throw failure;
      }
    }
    throw new ConcurrencyConflictException("journal (gave up after retries)", -1, -1);
  }

  /** Persists the expiries due now, so that reads reflect the clock. */
  private void persistDue() {
    executeAll(List.of(), NOTHING);
  }

  /** The outbox messages a transaction causes: e-bills and one event. */
  static List<OutboxMessage> messagesFor(Transaction tx, BillDelivery bills) {
    List<OutboxMessage> out = new ArrayList<>();
    Map<String, String> event = new LinkedHashMap<>();
    event.put("sequence", Long.toString(tx.sequence()));
    event.put("postings", Integer.toString(tx.postings().size()));
    event.put("holdEvents", Integer.toString(tx.holdEvents().size()));
    tx.command().ifPresent(c -> event.put("idempotencyKey", c.key().value()));
    out.add(
        OutboxMessage.pending(
            "tx/" + tx.sequence(),
            "ledger-transaction",
            Optional.empty(),
            Optional.empty(),
            event,
            tx.at()));
    if (tx.outcome() instanceof Outcome.Posted posted) {
      for (Bill b : posted.bills()) {
        Map<String, String> bill = new LinkedHashMap<>();
        bill.put("kind", b.kind().name());
        bill.put("asset", b.asset().code());
        bill.put("amount", Long.toString(b.amount()));
        bill.put("purpose", b.purpose());
        bill.put("balanceAfter", Long.toString(b.balanceAfter()));
        bill.put("bonusAfter", Long.toString(b.bonusAfter()));
        bill.put("posting", b.posting().toString());
        boolean toCustomer = bills == BillDelivery.TO_CUSTOMER;
        if (!toCustomer) {
          bill.put("customer", b.customer().value());
        }
        out.add(
            OutboxMessage.pending(
                "bill/" + b.posting() + "/" + b.customer(),
                toCustomer ? "e-bill" : "ledger-bill",
                toCustomer ? Optional.of(b.customer()) : Optional.empty(),
                Optional.empty(),
                bill,
                b.at()));
      }
    }
    return out;
  }

  /**
   * A customer's points, as of the last committed transaction this instance has seen.
   *
   * @param customer the customer
   * @return the balance
   */
  public synchronized PointsBalance points(CustomerId customer) {
    persistDue();
    return ledger.points(customer);
  }

  /**
   * A customer's wallet.
   *
   * @param customer the customer
   * @param currency the currency
   * @return the balance
   */
  public synchronized WalletBalance wallet(CustomerId customer, Currency currency) {
    persistDue();
    return ledger.wallet(customer, currency);
  }

  /**
   * The in-memory view (caught up with the store): for queries such as lots, holds, liability.
   *
   * @return the ledger; do not execute commands on it directly
   */
  public synchronized Ledger view() {
    persistDue();
    return ledger;
  }
}
