/**
 * Win-back, day by day: a customer who stops buying drifts into DECLINING and gets the win-back
 * message with its offer, then a follow-up call task when she still does not come back; another
 * customer lapses, buys again and is WON_BACK.
 */
package dev.care.examples.winback;
