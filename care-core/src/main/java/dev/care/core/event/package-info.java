/**
 * Domain events: the sealed {@link dev.care.core.event.CareEvent} hierarchy of records that care
 * rules, segments and outboxes react to.
 */
package dev.care.core.event;
