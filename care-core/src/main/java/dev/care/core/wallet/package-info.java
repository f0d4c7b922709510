/**
 * The stored-value wallet's values: its balance (paid and bonus value), the policy it is run by
 * (spend order, paid-value expiry) and the liability report. The wallet's commands ({@code TopUp},
 * {@code Spend}, {@code CashOut}, {@code GrantBonus}) are ledger commands in {@code
 * dev.care.core.ledger}: {@code Ledger} runs them in the same journal as points, with paid and
 * bonus value as separate lots with their own expiries. This package uses nothing of the ledger, so
 * the ledger depends on it and not the other way round.
 */
package dev.care.core.wallet;
