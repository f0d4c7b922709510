/**
 * JMH benchmarks. Segmentation: the care segment engine against a naive loop over customer objects
 * with compiled lambdas and against the same rules in Drools, on one synthetic population.
 */
package dev.care.benchmarks;
