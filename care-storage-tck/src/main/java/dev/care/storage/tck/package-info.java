/**
 * The storage conformance kit: extend {@link dev.care.storage.tck.CareStorageCompatibilityKit} in a
 * test, supply your adapter (with the kit's {@link dev.care.storage.tck.FaultPlan} passed to its
 * connection) and a second instance over the same data, and run it; {@link
 * dev.care.storage.tck.FaultInjectingStorage} makes any adapter fail on purpose from above.
 */
package dev.care.storage.tck;
