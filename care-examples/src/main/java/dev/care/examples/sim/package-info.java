/**
 * A deterministic simulation of a merchant — a beauty salon — that produces a believable year of
 * member activity for the demo: registrations, seasonal purchases, returns, wallet top-ups,
 * redemptions and complaints, with customers drifting away and some coming back.
 */
package dev.care.examples.sim;
