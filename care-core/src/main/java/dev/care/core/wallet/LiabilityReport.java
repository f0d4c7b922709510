package dev.care.core.wallet;

import dev.care.core.money.Money;
import java.time.Instant;

/**
 * What the merchant owes its customers in one currency, and what expired (breakage) in a period.
 *
 * @param asOf the ledger time of the report
 * @param outstandingPaid paid value held by all customers
 * @param outstandingBonus bonus value held by all customers
 * @param from start of the breakage period (inclusive)
 * @param to end of the breakage period (exclusive)
 * @param expiredPaid paid value that expired in the period
 * @param expiredBonus bonus value that expired in the period
 */
public record LiabilityReport(
    Instant asOf,
    Money outstandingPaid,
    Money outstandingBonus,
    Instant from,
    Instant to,
    Money expiredPaid,
    Money expiredBonus) {}
