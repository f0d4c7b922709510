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
 * <p>Every change is a {@link Transaction} appended to the {@link #journal()}; replaying a journal
 * with {@link #replay} rebuilds the same state. Time comes only from the injected clock; the ledger
 * time never moves backwards (a clock reading earlier than one already seen is ignored), so a hold
 * or lot never un-expires or expires twice (L21). Before each command and query, the lots and holds
 * that are due expire, each as its own transaction.
 *
 * <p>Business rejections are returned as {@link Outcome.Rejected}; caller mistakes throw ({@link
 * IllegalArgumentException} from a command's constructor, {@link IdempotencyConflictException} for
 * a reused key). A rejected or throwing command changes nothing.
 */
public final class Ledger {
  private final Clock clock;
  private final Book book;

  private Ledger(Clock clock, Book book) {
    this.clock = clock;
    this.book = book;
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
    return new Ledger(clock, new Book(points, wallet, clock.instant()));
  }

  /**
   * Rebuilds a ledger from a journal (L7): every balance, lot, hold and idempotency record.
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
    Book book = new Book(points, wallet, start);
    for (Transaction tx : journal) {
      book.apply(tx);
    }
    return new Ledger(clock, book);
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
    book.advanceTo(clock.instant());
    return book.execute(command);
  }

  /**
   * Applies a transaction committed elsewhere (by another application instance sharing the same
   * store), so this ledger catches up. It must be the next in sequence.
   *
   * @param transaction the next journal transaction
   * @throws IllegalArgumentException if it is not the next in sequence
   */
  public synchronized void applyCommitted(Transaction transaction) {
    book.apply(Objects.requireNonNull(transaction, "transaction"));
  }

  /**
   * The number of transactions in the journal (the last sequence number).
   *
   * @return the journal length
   */
  public synchronized long journalSize() {
    return book.journalSize();
  }

  /** Applies the expiries due at the clock's current time. */
  public synchronized void advance() {
    book.advanceTo(clock.instant());
  }

  /**
   * The ledger time: the latest clock reading seen.
   *
   * @return the time
   */
  public synchronized Instant time() {
    return book.time();
  }

  /**
   * A customer's points.
   *
   * @param customer the customer
   * @return posted, pending, held, debt and available points
   */
  public synchronized PointsBalance points(CustomerId customer) {
    book.advanceTo(clock.instant());
    AccountId account = AccountId.points(customer);
    long debt = book.debt(account);
    return new PointsBalance(
        book.balance(account),
        book.pendingOf(account),
        book.reservedOf(account),
        debt,
        book.freeActiveOf(account) - debt);
  }

  /**
   * A customer's wallet in one currency.
   *
   * @param customer the customer
   * @param currency the currency
   * @return paid, bonus, held and available value
   */
  public synchronized WalletBalance wallet(CustomerId customer, Currency currency) {
    book.advanceTo(clock.instant());
    Asset asset = Asset.money(currency);
    AccountId paid = AccountId.customer(customer, AccountType.WALLET_PAID, asset);
    AccountId bonus = AccountId.customer(customer, AccountType.WALLET_BONUS, asset);
    long held = book.reservedOf(paid) + book.reservedOf(bonus);
    long p = book.balance(paid);
    long b = book.balance(bonus);
    return new WalletBalance(
        Money.ofMinor(currency, p),
        Money.ofMinor(currency, b),
        Money.ofMinor(currency, held),
        Money.ofMinor(currency, p + b - held));
  }

  /**
   * The lots of one customer account, oldest first, including used-up ones.
   *
   * @param account a customer account
   * @return the lots
   */
  public synchronized List<Lot> lots(AccountId account) {
    book.advanceTo(clock.instant());
    return book.lotsOf(account);
  }

  /**
   * Every lot of every account.
   *
   * @return all lots, in opening order
   */
  public synchronized List<Lot> allLots() {
    return book.lots();
  }

  /**
   * Every hold, open or ended.
   *
   * @return all holds, in placing order
   */
  public synchronized List<Hold> holds() {
    book.advanceTo(clock.instant());
    return book.holds();
  }

  /**
   * One hold.
   *
   * @param id the hold id
   * @return the hold, if it exists
   */
  public synchronized Optional<Hold> hold(HoldId id) {
    book.advanceTo(clock.instant());
    return book.hold(id);
  }

  /**
   * One posting.
   *
   * @param id the posting id
   * @return the posting, if it exists
   */
  public synchronized Optional<Posting> posting(PostingId id) {
    return book.posting(id);
  }

  /**
   * An account's balance, derived from its entries (L6).
   *
   * @param account the account
   * @return the balance
   */
  public synchronized long balance(AccountId account) {
    return book.balance(account);
  }

  /**
   * An account's version: the number of entries on it (L6).
   *
   * @param account the account
   * @return the version
   */
  public synchronized long version(AccountId account) {
    return book.version(account);
  }

  /**
   * The balance of every account that has entries, customer and program.
   *
   * @return balances by account
   */
  public synchronized Map<AccountId, Long> balances() {
    return book.balances();
  }

  /**
   * The journal: every transaction, in order.
   *
   * @return the journal
   */
  public synchronized List<Transaction> journal() {
    return book.journal();
  }

  /**
   * The journal from a sequence number on.
   *
   * @param afterSequence the last sequence already seen (0 for all)
   * @return the later transactions
   */
  public synchronized List<Transaction> journalAfter(long afterSequence) {
    return book.journalFrom((int) Math.min(afterSequence, book.journalSize()));
  }

  /**
   * The postings that moved any of a customer's accounts (points or wallets), in order.
   *
   * @param customer the customer
   * @return the postings
   */
  public synchronized List<Posting> postingsOf(CustomerId customer) {
    return book.postingsOf(customer);
  }

  /**
   * Every posting, in order.
   *
   * @return the postings
   */
  public synchronized List<Posting> postings() {
    return book.postings();
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
    AccountId account = AccountId.points(customer);
    long sum = 0;
    for (Posting p : book.postingsOf(customer)) {
      if (p.qualifying() == 0 || p.amountOn(account) == 0) {
        continue;
      }
      Instant at = p.reverses().flatMap(book::posting).map(Posting::at).orElse(p.at());
      if (!at.isBefore(from) && at.isBefore(to)) {
        sum += p.qualifying();
      }
    }
    return sum;
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
    book.advanceTo(clock.instant());
    Asset asset = Asset.money(currency);
    long paid = 0;
    long bonus = 0;
    for (Map.Entry<AccountId, Long> e : book.balances().entrySet()) {
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
    for (Posting p : book.postings()) {
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
        book.time(),
        Money.ofMinor(currency, paid),
        Money.ofMinor(currency, bonus),
        from,
        to,
        Money.ofMinor(currency, expiredPaid),
        Money.ofMinor(currency, expiredBonus));
  }
}
