/** Example: segments defined in text, evaluated, kept current, and combined. */
package dev.care.examples.segments;
