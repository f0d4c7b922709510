/**
 * A tour of the points ledger and the stored-value wallet on their own, without the engine: earn,
 * top up with a bonus, pay from the wallet, and read the balances and electronic bills (the
 * README's "Points and stored value" snippet, run for real).
 */
package dev.care.examples.ledger;
