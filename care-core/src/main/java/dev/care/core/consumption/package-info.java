/**
 * Consumption records: purchases and returns with time, exact amounts, items and categories,
 * channel and store; and {@link dev.care.core.consumption.ConsumptionHistory}, which derives
 * recency, frequency, monetary value and average basket from them.
 */
package dev.care.core.consumption;
