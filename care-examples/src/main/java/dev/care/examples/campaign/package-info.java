/** Example: a campaign with an e-voucher to a segment defined in text. */
package dev.care.examples.campaign;
