/**
 * Implementation helpers for time values, not part of the public API: the fast ISO text of {@link
 * java.time.Instant}s that the engine's events, its stored projections and the JDBC adapter's
 * documents share. Exported only to those modules.
 */
package dev.care.core.time.internal;
