/**
 * The README's quick start: an engine on the in-memory store with the salon program, one customer,
 * one purchase, and what it left (points, tier, care actions).
 */
package dev.care.examples.quickstart;
