/**
 * The {@code care} health indicator for Spring Boot 4's health support (actuator), reporting {@link
 * dev.care.spring.boot.autoconfigure.CareHealth}. Imported by the auto-configuration only when
 * Boot's health API is on the class path.
 */
package dev.care.spring.boot.autoconfigure.health;
