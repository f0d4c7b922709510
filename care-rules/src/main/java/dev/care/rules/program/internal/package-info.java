/**
 * Implementation of program loading: {@link dev.care.rules.program.internal.JsonTree} reads
 * untrusted bytes into a tree under our own limits (UTF-8, depth, string, name and number lengths,
 * decimal scale and magnitude bounded at parse time), {@link
 * dev.care.rules.program.internal.JsonReader} reads the tree field by field collecting problems
 * with their paths, and {@link dev.care.rules.program.internal.Text} makes echoed input safe to
 * log.
 */
package dev.care.rules.program.internal;
