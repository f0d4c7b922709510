/**
 * Tiers: qualification on qualifying points or spend over a rolling window or the calendar year,
 * immediate upgrades, downgrades after a grace period, and a manual override that acts as a floor.
 */
package dev.care.rules.tier;
