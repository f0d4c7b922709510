/**
 * The library's failure hierarchy: {@link dev.care.core.error.CareException} is the unchecked base
 * of every failure the library itself raises; subclasses are named after what failed.
 */
package dev.care.core.error;
