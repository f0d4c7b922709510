/**
 * E-vouchers: single-use codes worth points, bonus wallet value or a percentage off, with an
 * expiry, issued to one customer (usually by a campaign) and redeemed at most once.
 */
package dev.care.core.voucher;
