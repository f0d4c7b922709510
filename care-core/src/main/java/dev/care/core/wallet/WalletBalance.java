package dev.care.core.wallet;

import dev.care.core.money.Money;

/**
 * A customer's stored value in one currency, derived from the journal (L8).
 *
 * @param paid paid value (including any held)
 * @param bonus bonus value (including any held)
 * @param held value reserved by open holds
 * @param available what can be spent now: paid plus bonus less held
 */
public record WalletBalance(Money paid, Money bonus, Money held, Money available) {}
