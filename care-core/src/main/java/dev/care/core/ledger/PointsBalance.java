package dev.care.core.ledger;

/**
 * A customer's points, all derived from the journal (L8).
 *
 * @param posted the account balance: all lots less any clawback debt
 * @param pending points in lots not yet active (visible, not spendable; L23)
 * @param held points reserved by open holds
 * @param debt points owed after a clawback, repaid by the next credits
 * @param available what can be spent now: active unreserved lots less debt
 */
public record PointsBalance(long posted, long pending, long held, long debt, long available) {}
