/**
 * Earning: turns a purchase into point awards under a program's {@link
 * dev.care.rules.program.EarningRules}, as a list of small named {@link
 * dev.care.rules.earning.EarningPolicy} steps. The decision explains which rules applied and why;
 * fractional points are rounded once, at the end, by the program's rounding mode.
 */
package dev.care.rules.earning;
