/**
 * The {@link dev.care.rules.engine.CareEngine} facade: one call per business event, over any
 * storage adapter, turning purchases, returns, wallet movements, interactions and the passing of
 * time into postings, tier and life-cycle changes and care actions.
 */
package dev.care.rules.engine;
