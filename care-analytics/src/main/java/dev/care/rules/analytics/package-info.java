/**
 * Customer analytics from consumption records: per-customer summaries, RFM scores and segments, the
 * BG/NBD model of repeat buying and churn (probability alive, expected purchases), the Gamma-Gamma
 * spend model, customer lifetime value, and a life-cycle policy driven by the probability of being
 * alive.
 *
 * <h2>Input conventions</h2>
 *
 * <ul>
 *   <li>Input is a list of {@link dev.care.rules.analytics.Transaction}s: customer, calendar date,
 *       amount in minor units (zero is a valid purchase; negative amounts are rejected).
 *   <li>Transactions of one customer on the same calendar day are one purchase occasion; their
 *       amounts are summed.
 *   <li>The first occasion starts the customer's clock. {@code x} (frequency) is the number of
 *       occasions after the first; {@code t_x} (recency) is the time from the first to the last
 *       occasion; {@code T} (age) is the time from the first occasion to the end of the calibration
 *       period. Times are whole days converted to the chosen {@link
 *       dev.care.rules.analytics.PeriodUnit} ({@code WEEKS}: days ÷ 7).
 *   <li>Transactions after the calibration end are ignored (they belong to a hold-out period).
 * </ul>
 *
 * <p>Model parameters, probabilities and expectations are {@code double}s; amounts that are money
 * stay in {@code long} minor units until a model turns them into an expectation.
 *
 * <p>References: P. S. Fader, B. G. S. Hardie, K. L. Lee (2005), "Counting Your Customers the Easy
 * Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2); P. S. Fader, B. G. S.
 * Hardie (2013), "The Gamma-Gamma Model of Monetary Value".
 */
package dev.care.rules.analytics;
