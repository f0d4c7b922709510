/**
 * The staff task queue: care triggers plan tasks for staff, a staff application hears of new ones
 * through the outbox, works the queue across customers most urgent first, and the nightly run
 * escalates the ones left overdue; the service report counts what a period's care aimed at.
 */
package dev.care.examples.tasks;
