/**
 * Micrometer meters for the segment engine ({@link dev.care.rules.segment.metrics.SegmentMetrics}).
 * Micrometer is an optional dependency: this package is usable only when {@code
 * io.micrometer:micrometer-core} is on the class path or module path.
 */
package dev.care.rules.segment.metrics;
