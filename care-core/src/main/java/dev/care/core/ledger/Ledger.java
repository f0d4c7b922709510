package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.internal.Book;
import dev.care.core.money.Money;
import dev.care.core.wallet.LiabilityReport;
import dev.care.core.wallet.WalletBalance;
import dev.care.core.wallet.WalletPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The points ledger and stored-value wallets of one program: an in-memory, thread-safe,
 * double-entry journal with lots, holds and idempotent commands.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.create(Clock.systemUTC());
 * Outcome earned = ledger.execute(Earn.of(IdempotencyKey.of("order-1/earn"), customer, 120,
 *     PostingContext.of("purchase", "pos-1").withSourceRef("order-1")));
 * long available = ledger.points(customer).available();
 * }</pre>
 *
 * <p>State is kept per customer (a book each: accounts, lots, holds and journal), so commands on
 * different customers never share anything but the idempotency keys; the program's own accounts are
 * the sum of every customer's share. Every change is a {@link Transaction} appended to its
 * customer's journal and to the {@link #journal()} of the whole ledger; replaying a journal with
 * {@link #replay} rebuilds the same state, and replaying one customer's transactions rebuilds that
 * customer (L30). Time comes only from the injected clock; the ledger time never moves backwards (a
 * clock reading earlier than one already seen is ignored), so a hold or lot never un-expires or
 * expires twice (L21). Before each command and query, the lots and holds that are due expire, each
 * as its own transaction.
 *
 * <p>Business rejections are returned as {@link Outcome.Rejected}; caller mistakes throw ({@link
 * IllegalArgumentException} from a command's constructor, {@link IdempotencyConflictException} for
 * a reused key). A rejected or throwing command changes nothing.
 */
public final class Ledger {
  private final Clock clock;
  private final PointsPolicy pointsPolicy;
  private final WalletPolicy walletPolicy;
  private final Map<CustomerId, Book> books = new java.util.TreeMap<>();
  private final Map<IdempotencyKey, CustomerId> keys = new HashMap<>();
  private final List<Transaction> journal = new ArrayList<>();
  private final Map<AccountId, Long> programTotals = new HashMap<>();
  private Instant time;

  private Ledger(Clock clock, PointsPolicy points, WalletPolicy wallet, Instant start) {
    this.clock = clock;
    this.pointsPolicy = Objects.requireNonNull(points, "points");
    this.walletPolicy = Objects.requireNonNull(wallet, "wallet");
    this.time = start;
  }

  /**
   * A ledger with the default points and wallet policies.
   *
   * @param clock the time source
   * @return an empty ledger
   */
  public static Ledger create(Clock clock) {
    return create(PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
  }

  /**
   * A ledger with given policies.
   *
   * @param points points rules
   * @param wallet wallet rules
   * @param clock the time source
   * @return an empty ledger
   */
  public static Ledger create(PointsPolicy points, WalletPolicy wallet, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new Ledger(clock, points, wallet, clock.instant());
  }

  /**
   * Rebuilds a ledger from a journal (L7): every balance, lot, hold and idempotency record. The
   * journal may hold many customers' transactions (as {@link #journal()} returns them) or one
   * customer's (as a store keeps it, L30); each customer's transactions must be in their order.
   *
   * @param points points rules
   * @param wallet wallet rules
   * @param clock the time source
   * @param journal the transactions, in order from the first
   * @return the rebuilt ledger
   */
  public static Ledger replay(
      PointsPolicy points, WalletPolicy wallet, Clock clock, List<Transaction> journal) {
    Instant start = clock.instant();
    for (Transaction tx : journal) {
      if (tx.at().isBefore(start)) {
        start = tx.at();
      }
    }
    Ledger ledger = new Ledger(clock, points, wallet, start);
    for (Transaction tx : journal) {
      ledger.applyCommitted(tx);
    }
    return ledger;
  }

  /**
   * Rebuilds the books of some customers from their own journals (L30), as a store keeps them: each
   * customer's list holds their transactions and those of others that touched them (a transfer
   * received), in their order. Only the given customers are loaded; a transfer's other side is
   * applied only to the book whose journal holds it.
   *
   * @param points points rules
   * @param wallet wallet rules
   * @param clock the time source
   * @param journals each customer's journal
   * @return the ledger of those customers
   * @throws IllegalArgumentException if a journal is out of order or holds a transaction that does
   *     not touch its customer
   */
  public static Ledger ofJournals(
      PointsPolicy points,
      WalletPolicy wallet,
      Clock clock,
      Map<CustomerId, List<Transaction>> journals) {
    Instant start = clock.instant();
    for (List<Transaction> txs : journals.values()) {
      for (Transaction tx : txs) {
        if (tx.at().isBefore(start)) {
          start = tx.at();
        }
      }
    }
    Ledger ledger = new Ledger(clock, points, wallet, start);
    journals.forEach(ledger::extend);
    return ledger;
  }

  private Book book(CustomerId customer) {
    return books.computeIfAbsent(customer, c -> new Book(c, pointsPolicy, walletPolicy, time));
  }

  private Book advanced(CustomerId customer) {
    Instant now = now();
    Book b = book(customer);
    advance(b, now);
    return b;
  }

  /** Applies a book's expiries due now, recording them in the ledger's journal. */
  private void advance(Book b, Instant now) {
    long before = b.journalSize();
    b.advanceTo(now);
    if (b.journalSize() != before) {
      b.journalFrom((int) before).forEach(this::record);
    }
  }

  /** Adds a transaction to the ledger's journal and the program's totals. */
  private void record(Transaction tx) {
    journal.add(tx);
    for (Posting p : tx.postings()) {
      for (Entry e : p.entries()) {
        if (e.account().owner().isEmpty()) {
          programTotals.merge(e.account(), e.amount(), Math::addExact);
        }
      }
    }
  }

  /** Whether the program's totals stay within a long after a transaction (L4). */
  private boolean programFits(Transaction tx) {
    Map<AccountId, Long> after = new HashMap<>();
    try {
      for (Posting p : tx.postings()) {
        for (Entry e : p.entries()) {
          if (e.account().owner().isEmpty()) {
            long base =
                after.getOrDefault(e.account(), programTotals.getOrDefault(e.account(), 0L));
            after.put(e.account(), Math.addExact(base, e.amount()));
          }
        }
      }
      return true;
    } catch (ArithmeticException overflow) {
      return false;
    }
  }

  /** Reads the clock; the ledger time never moves back (L21). */
  private Instant now() {
    Instant reading = clock.instant();
    if (reading.isAfter(time)) {
      time = reading;
    }
    return time;
  }

  /**
   * Runs a command: once per idempotency key; a repeat with the same command returns the original
   * outcome (L11).
   *
   * @param command a points or wallet command
   * @return what happened
   * @throws IdempotencyConflictException if the key was used for a different command (L12)
   */
  public synchronized Outcome execute(Command command) {
    Objects.requireNonNull(command, "command");
    CustomerId used = keys.get(command.key());
    if (used != null && !used.equals(command.customer())) {
      // the key belongs to another customer's command: that book answers (repeat or conflict)
      return book(used).execute(command, Optional.empty(), this::programFits);
    }
    Book b = advanced(command.customer());
    Optional<Book> other = Optional.empty();
    if (command instanceof Transfer t) {
      other = Optional.of(advanced(t.to()));
    }
    long before = b.journalSize();
    long otherBefore = other.map(Book::journalSize).orElse(0L);
    Outcome outcome = b.execute(command, other, this::programFits);
    if (b.journalSize() != before) {
      Transaction tx = b.journalFrom((int) before).get(0);
      record(tx);
      keys.put(command.key(), command.customer());
      other.ifPresent(
          o -> {
            if (o.journalSize() == otherBefore) {
              throw new IllegalStateException("transfer not applied to " + o.owner());
            }
          });
    }
    return outcome;
  }

  /**
   * Applies a transaction committed elsewhere (by another application instance sharing the same
   * store), so this ledger catches up. It must be the next in its customer's journal; it is also
   * applied to every other customer it touches (a transfer's receiver).
   *
   * @param transaction the next transaction of its customer
   * @throws IllegalArgumentException if it is not the next in its customer's journal
   */
  public synchronized void applyCommitted(Transaction transaction) {
    Objects.requireNonNull(transaction, "transaction");
    for (CustomerId c : transaction.customers()) {
      book(c).apply(transaction);
    }
    transaction.command().ifPresent(c -> keys.put(c.key(), transaction.customer()));
    record(transaction);
    if (transaction.at().isAfter(time)) {
      time = transaction.at();
    }
  }

  /**
   * The number of transactions in the journal of the whole ledger.
   *
   * @return the journal length
   */
  public synchronized long journalSize() {
    return journal.size();
  }

  /** Applies the expiries due at the clock's current time, for every customer. */
  public synchronized void advance() {
    Instant now = now();
    for (Book b : books.values()) {
      advance(b, now);
    }
  }

  /**
   * The next instant after the ledger time at which time alone changes a customer's book: an open
   * hold or a lot with free value expires, or pending points become available ({@link #nextExpiry}
   * without the activations).
   *
   * @param customer the customer
   * @return that instant, or empty when nothing is scheduled for them
   */
  public synchronized Optional<Instant> nextEvent(CustomerId customer) {
    return advanced(customer).nextEvent();
  }

  /**
   * The next instant after the ledger time at which an expiry is due in a customer's book: an open
   * hold or a lot with free value expires. It is {@link #nextEvent} without pending points becoming
   * available, which writes nothing: for a caller that follows activations itself (from {@link
   * #lots}), such as a projection that counts them when due.
   *
   * @param customer the customer
   * @return that instant, or empty when no expiry is due for them
   */
  public synchronized Optional<Instant> nextExpiry(CustomerId customer) {
    return advanced(customer).nextExpiry();
  }

  /**
   * The ledger time: the latest clock reading seen.
   *
   * @return the time
   */
  public synchronized Instant time() {
    return time;
  }

  /**
   * A customer's points.
   *
   * @param customer the customer
   * @return posted, pending, held, debt and available points
   */
  public synchronized PointsBalance points(CustomerId customer) {
    return advanced(customer).pointsBalance();
  }

  /**
   * A customer's wallet in one currency.
   *
   * @param customer the customer
   * @param currency the currency
   * @return paid, bonus, held and available value
   */
  public synchronized WalletBalance wallet(CustomerId customer, Currency currency) {
    return advanced(customer).walletBalance(currency);
  }

  /**
   * The lots of one customer account, oldest first, including used-up ones.
   *
   * @param account a customer account
   * @return the lots
   */
  public synchronized List<Lot> lots(AccountId account) {
    return account.owner().map(c -> advanced(c).lotsOf(account)).orElse(List.of());
  }

  /**
   * Every lot of every account.
   *
   * @return all lots, customers in id order, each in opening order
   */
  public synchronized List<Lot> allLots() {
    List<Lot> out = new ArrayList<>();
    for (Book b : books.values()) {
      out.addAll(b.lots());
    }
    return out;
  }

  /**
   * Every hold, open or ended.
   *
   * @return all holds, customers in id order, each in placing order
   */
  public synchronized List<Hold> holds() {
    advance();
    List<Hold> out = new ArrayList<>();
    for (Book b : books.values()) {
      out.addAll(b.holds());
    }
    return out;
  }

  /**
   * One hold.
   *
   * @param id the hold id
   * @return the hold, if it exists
   */
  public synchronized Optional<Hold> hold(HoldId id) {
    return advanced(id.customer()).hold(id);
  }

  /**
   * One posting.
   *
   * @param id the posting id
   * @return the posting, if it exists
   */
  public synchronized Optional<Posting> posting(PostingId id) {
    Book b = books.get(id.customer());
    return b == null ? Optional.empty() : b.posting(id);
  }

  /**
   * An account's balance, derived from its entries (L6); a program account's is the sum of every
   * customer's share.
   *
   * @param account the account
   * @return the balance
   */
  public synchronized long balance(AccountId account) {
    if (account.owner().isPresent()) {
      Book b = books.get(account.owner().get());
      return b == null ? 0 : b.balance(account);
    }
    return programTotals.getOrDefault(account, 0L);
  }

  /**
   * An account's version: the number of entries on it (L6).
   *
   * @param account the account
   * @return the version
   */
  public synchronized long version(AccountId account) {
    if (account.owner().isPresent()) {
      Book b = books.get(account.owner().get());
      return b == null ? 0 : b.version(account);
    }
    long sum = 0;
    for (Book b : books.values()) {
      sum += b.version(account);
    }
    return sum;
  }

  /**
   * The balance of every account that has entries, customer and program.
   *
   * @return balances by account
   */
  public synchronized Map<AccountId, Long> balances() {
    Map<AccountId, Long> out = new LinkedHashMap<>();
    for (Book b : books.values()) {
      b.balances()
          .forEach(
              (a, v) -> {
                if (a.owner().isPresent()) {
                  out.put(a, v);
                } else {
                  out.putIfAbsent(a, programTotals.getOrDefault(a, 0L));
                }
              });
    }
    return out;
  }

  /**
   * The journal: every transaction of every customer, in the order they were applied.
   *
   * @return the journal
   */
  public synchronized List<Transaction> journal() {
    return List.copyOf(journal);
  }

  /**
   * The journal from a position on.
   *
   * @param afterSequence how many transactions were already seen (0 for all)
   * @return the later transactions
   */
  public synchronized List<Transaction> journalAfter(long afterSequence) {
    int from = (int) Math.min(Math.max(afterSequence, 0), journal.size());
    return List.copyOf(journal.subList(from, journal.size()));
  }

  /**
   * One customer's journal: their transactions and those of others that touched them (a transfer
   * received), in order. Replaying it rebuilds that customer's state (L30).
   *
   * @param customer the customer
   * @return the customer's journal
   */
  public synchronized List<Transaction> journalOf(CustomerId customer) {
    Book b = books.get(customer);
    return b == null ? List.of() : b.journal();
  }

  /**
   * The length of one customer's journal (their last position).
   *
   * @param customer the customer
   * @return the number of transactions in their journal
   */
  public synchronized long journalLength(CustomerId customer) {
    Book b = books.get(customer);
    return b == null ? 0 : b.journalSize();
  }

  /**
   * One customer's journal from a position on.
   *
   * @param customer the customer
   * @param afterPosition the positions already seen (0 for all)
   * @return the later transactions of their journal
   */
  public synchronized List<Transaction> journalOf(CustomerId customer, long afterPosition) {
    Book b = books.get(customer);
    if (b == null) {
      return List.of();
    }
    return b.journalFrom((int) Math.min(Math.max(afterPosition, 0), b.journalSize()));
  }

  /**
   * Appends transactions committed elsewhere to one customer's journal (as a store returns them:
   * the customer's own and those of others that touched them), applying each to that customer's
   * book only: how a cached ledger catches up with what other instances committed.
   *
   * @param customer the customer
   * @param transactions the next transactions of the customer's journal, in order
   * @throws IllegalArgumentException if one is out of order or does not touch the customer
   */
  public synchronized void extend(CustomerId customer, List<Transaction> transactions) {
    Book b = book(customer);
    for (Transaction tx : transactions) {
      b.apply(tx);
      if (tx.customer().equals(customer)) {
        tx.command().ifPresent(c -> keys.put(c.key(), tx.customer()));
        record(tx);
      }
      if (tx.at().isAfter(time)) {
        time = tx.at();
      }
    }
  }

  /**
   * The transaction a command with this key committed, if this ledger holds it.
   *
   * @param key the idempotency key
   * @return the transaction
   */
  public synchronized Optional<Transaction> transaction(IdempotencyKey key) {
    CustomerId owner = keys.get(key);
    return owner == null ? Optional.empty() : books.get(owner).transaction(key);
  }

  /**
   * The postings that moved any of a customer's accounts (points or wallets), in order.
   *
   * @param customer the customer
   * @return the postings
   */
  public synchronized List<Posting> postingsOf(CustomerId customer) {
    Book b = books.get(customer);
    return b == null ? List.of() : b.ownPostings();
  }

  /**
   * The postings that moved one of a customer's accounts by a non-zero amount, in order: those of
   * {@link #postingsOf} on that account, kept apart as they are posted, so asking costs the
   * account's postings, not the customer's whole history.
   *
   * @param account a customer's account (not a program account)
   * @return the postings
   * @throws IllegalArgumentException if the account is a program account
   */
  public synchronized List<Posting> postingsOn(AccountId account) {
    CustomerId owner =
        account
            .owner()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "postingsOn takes a customer's account, got the program account "
                            + account));
    Book b = books.get(owner);
    return b == null ? List.of() : b.postingsOn(account);
  }

  /**
   * Every posting, in journal order (a transfer once).
   *
   * @return the postings
   */
  public synchronized List<Posting> postings() {
    List<Posting> out = new ArrayList<>();
    for (Transaction tx : journal) {
      out.addAll(tx.postings());
    }
    return out;
  }

  /**
   * Tier-qualifying points a customer earned in a window, net of returns (L26). A return counts
   * against the window of the earning it reverses.
   *
   * @param customer the customer
   * @param from start (inclusive)
   * @param to end (exclusive)
   * @return qualifying points
   */
  public synchronized long qualifyingPoints(CustomerId customer, Instant from, Instant to) {
    Book b = books.get(customer);
    return b == null ? 0 : b.qualifyingPoints(from, to);
  }

  /**
   * Outstanding stored value in one currency, and what expired in a period (breakage).
   *
   * @param currency the currency
   * @param from start of the period (inclusive)
   * @param to end of the period (exclusive)
   * @return the report
   */
  public synchronized LiabilityReport liability(Currency currency, Instant from, Instant to) {
    advance();
    Asset asset = Asset.money(currency);
    long paid = 0;
    long bonus = 0;
    for (Map.Entry<AccountId, Long> e : balances().entrySet()) {
      if (e.getKey().asset().equals(asset)) {
        if (e.getKey().type() == AccountType.WALLET_PAID) {
          paid += e.getValue();
        } else if (e.getKey().type() == AccountType.WALLET_BONUS) {
          bonus += e.getValue();
        }
      }
    }
    long expiredPaid = 0;
    long expiredBonus = 0;
    List<Posting> expiries = new ArrayList<>();
    for (Posting p : postings()) {
      if (p.kind() == PostingKind.EXPIRE
          && p.asset().equals(asset)
          && !p.at().isBefore(from)
          && p.at().isBefore(to)) {
        expiries.add(p);
      }
    }
    for (Posting p : expiries) {
      for (Entry e : p.entries()) {
        if (e.account().type() == AccountType.WALLET_PAID) {
          expiredPaid -= e.amount();
        } else if (e.account().type() == AccountType.WALLET_BONUS) {
          expiredBonus -= e.amount();
        }
      }
    }
    return new LiabilityReport(
        time,
        Money.ofMinor(currency, paid),
        Money.ofMinor(currency, bonus),
        from,
        to,
        Money.ofMinor(currency, expiredPaid),
        Money.ofMinor(currency, expiredBonus));
  }
}
