/**
 * Exact money: {@link dev.care.core.money.Money} holds an amount in minor units of one currency and
 * never uses floating point.
 */
package dev.care.core.money;
