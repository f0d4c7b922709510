/**
 * The storage conformance kit: extend {@link dev.care.storage.tck.CareStorageCompatibilityKit} in a
 * test, supply your adapter, and run it; {@link dev.care.storage.tck.FaultInjectingStorage} makes
 * any adapter fail on purpose.
 */
package dev.care.storage.tck;
