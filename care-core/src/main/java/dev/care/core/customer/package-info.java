/**
 * The customer file (the "service file"): identity, contacts and consent, dates that matter,
 * special needs, consumption records and the figures derived from them, and erasure.
 */
package dev.care.core.customer;
