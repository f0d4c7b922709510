/**
 * Writing a storage adapter: {@link dev.care.examples.storage.MeteredStorage} wraps any adapter and
 * counts reads, units of work, commits, conflicts and failures for your metrics, and passes the
 * conformance kit like the adapter it wraps.
 */
package dev.care.examples.storage;
