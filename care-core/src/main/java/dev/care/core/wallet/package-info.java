/**
 * The stored-value wallet: paid and bonus value as separate lots with their own expiries, top-ups
 * with promotional bonus, spend in the program's declared order, refunds back to the buckets value
 * came from, cash-out of paid value only, holds, and the liability report. Wallet commands run
 * through {@link dev.care.core.ledger.Ledger}, in the same journal as points.
 */
package dev.care.core.wallet;
