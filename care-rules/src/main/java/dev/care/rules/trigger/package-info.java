/**
 * Care triggers: turn events and the passing of time into {@link dev.care.core.care.CareAction}s
 * and {@link dev.care.core.care.CareTask}s under a program's {@link
 * dev.care.rules.program.CareSettings}. Every trigger is pure and idempotent per occasion: the same
 * occasion always yields the same idempotency key, so running a trigger twice never produces a
 * second action.
 */
package dev.care.rules.trigger;
