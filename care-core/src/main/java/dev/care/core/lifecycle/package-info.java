/**
 * The customer life cycle: stages from prospect to lapsed and won back, and the configurable policy
 * that infers a stage from consumption records at a given instant.
 */
package dev.care.core.lifecycle;
