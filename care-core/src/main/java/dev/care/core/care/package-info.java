/**
 * Care as data: {@link dev.care.core.care.CareAction}s (messages sent on a channel from a template)
 * and {@link dev.care.core.care.CareTask}s (work for staff), each with a due time, a priority, the
 * service level it aims at and an idempotency key so it is done once.
 */
package dev.care.core.care;
