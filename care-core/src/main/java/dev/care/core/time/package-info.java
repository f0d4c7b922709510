/** Time sources: everything takes time from an injected {@link java.time.Clock}. */
package dev.care.core.time;
