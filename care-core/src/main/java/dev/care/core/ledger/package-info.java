/**
 * The points ledger: a double-entry, append-only journal of postings over customer and program
 * accounts, with earning lots (expiry, pending activation), two-phase holds, reversals, transfers,
 * idempotent commands and clawback policy. {@link dev.care.core.ledger.Ledger} is the entry point;
 * it also runs the stored-value wallet's commands ({@link dev.care.core.ledger.TopUp}, {@link
 * dev.care.core.ledger.Spend}, {@link dev.care.core.ledger.CashOut}, {@link
 * dev.care.core.ledger.GrantBonus}) in the same journal, by the wallet policy and into the wallet
 * balances of {@code dev.care.core.wallet}.
 *
 * <p>Invariants (see LEDGER-INVARIANTS.md, L1–L29) are enforced by construction where possible (a
 * {@link dev.care.core.ledger.Posting} cannot be unbalanced) and checked by property tests.
 */
package dev.care.core.ledger;
