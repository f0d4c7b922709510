/**
 * Micrometer meters for the {@link dev.care.rules.engine.CareEngine} ({@link
 * dev.care.rules.engine.metrics.CareEngineMetrics}). Micrometer is an optional dependency: this
 * package is usable only when {@code io.micrometer:micrometer-core} is on the class path or module
 * path; the engine itself never needs it.
 */
package dev.care.rules.engine.metrics;
