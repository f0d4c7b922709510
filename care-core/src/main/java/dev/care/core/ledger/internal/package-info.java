/**
 * Internals of the ledger: the book that plans and applies transactions. Not public API; may change
 * without notice.
 */
package dev.care.core.ledger.internal;
