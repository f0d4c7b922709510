/**
 * The storage SPI: {@link dev.care.storage.CareStorage} (committed reads) and {@link
 * dev.care.storage.UnitOfWork} (one atomic commit across every store, with optimistic concurrency).
 * Adapters implement these and prove it with the {@code care-storage-tck} kit.
 */
package dev.care.storage;
