/** The in-memory reference storage adapter. */
package dev.care.storage.memory;
