package dev.care.core.ledger;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable journal posting: two or more entries in one asset that sum to zero, never debiting
 * and crediting the same account, with the lot changes they imply and why they were made.
 *
 * <p>The constructor enforces invariants L1 (entries sum to zero), L3 (one asset per posting) and
 * L5 (no account both debited and credited), so an unbalanced posting cannot exist.
 *
 * @param id the posting id
 * @param kind what the posting did
 * @param at when it took effect
 * @param entries the legs, at least two
 * @param lotChanges the lot changes, each on a customer account that has an entry here
 * @param context why it was made
 * @param reverses the posting this one (partly) reverses, for {@link PostingKind#REVERSAL}
 * @param qualifying change in tier-qualifying points (L26), attributed to the time of the earn
 */
public record Posting(
    PostingId id,
    PostingKind kind,
    Instant at,
    List<Entry> entries,
    List<LotChange> lotChanges,
    PostingContext context,
    Optional<PostingId> reverses,
    long qualifying) {
  /** Validates L1, L3, L5 and the link between reversal and kind. */
  public Posting {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(reverses, "reverses");
    entries = List.copyOf(entries);
    lotChanges = List.copyOf(lotChanges);
    if (entries.size() < 2) {
      throw new IllegalArgumentException("posting " + id + " needs at least two entries");
    }
    Asset asset = entries.get(0).account().asset();
    long sum = 0;
    Set<AccountId> debited = new HashSet<>();
    Set<AccountId> credited = new HashSet<>();
    for (Entry e : entries) {
      if (!e.account().asset().equals(asset)) {
        throw new IllegalArgumentException(
            "posting " + id + " mixes assets " + asset + " and " + e.account().asset() + " (L3)");
      }
      sum = Math.addExact(sum, e.amount());
      (e.amount() < 0 ? debited : credited).add(e.account());
    }
    if (sum != 0) {
      throw new IllegalArgumentException(
          "posting " + id + " entries sum to " + sum + ", not zero (L1)");
    }
    for (AccountId a : debited) {
      if (credited.contains(a)) {
        throw new IllegalArgumentException(
            "posting " + id + " debits and credits the same account " + a + " (L5)");
      }
    }
    if ((kind == PostingKind.REVERSAL) != reverses.isPresent()) {
      throw new IllegalArgumentException(
          "posting " + id + ": a REVERSAL names the posting it reverses, and only a REVERSAL does");
    }
  }

  /**
   * The asset of this posting.
   *
   * @return the one asset all entries share
   */
  public Asset asset() {
    return entries.get(0).account().asset();
  }

  /**
   * The net amount this posting moved on one account.
   *
   * @param account the account
   * @return the sum of its entries here (0 if none)
   */
  public long amountOn(AccountId account) {
    long sum = 0;
    for (Entry e : entries) {
      if (e.account().equals(account)) {
        sum += e.amount();
      }
    }
    return sum;
  }
}
