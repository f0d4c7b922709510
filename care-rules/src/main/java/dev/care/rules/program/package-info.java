/**
 * Loyalty program definitions: {@link dev.care.rules.program.LoyaltyProgram} is the whole
 * configuration of a merchant's program — currency, rounding, earning rules, tiers, points and
 * wallet settings, care triggers, message templates and frequency caps — buildable in Java or
 * loaded from JSON by {@link dev.care.rules.program.ProgramLoader}, which reports every problem
 * with its JSON path.
 */
package dev.care.rules.program;
