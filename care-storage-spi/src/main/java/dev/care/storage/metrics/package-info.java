/**
 * Micrometer meters for the outbox and its dispatcher ({@link
 * dev.care.storage.metrics.OutboxMetrics}). Micrometer is an optional dependency: this package is
 * usable only when {@code io.micrometer:micrometer-core} is on the class path or module path.
 */
package dev.care.storage.metrics;
