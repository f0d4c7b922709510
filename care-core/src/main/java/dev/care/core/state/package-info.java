/**
 * The per-customer care state: the one versioned record per customer, beside their file,
 * consumption and journal, that makes every engine instance stateless between commands.
 */
package dev.care.core.state;
