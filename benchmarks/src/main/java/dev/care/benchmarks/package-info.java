/**
 * JMH benchmarks of the care library; run with {@code java -jar benchmarks/target/benchmarks.jar}.
 * Segmentation: the care segment engine against a naive loop over customer objects with compiled
 * lambdas and against the same rules in Drools, on one synthetic population. Analytics: the BG/NBD
 * maximum-likelihood fit.
 */
package dev.care.benchmarks;
