/**
 * JMH benchmarks of the care library; run with {@code java -jar benchmarks/target/benchmarks.jar}.
 * Segmentation: the care segment engine against a naive loop over customer objects with compiled
 * lambdas and against the same rules in Drools, on one synthetic population. Analytics: the BG/NBD
 * maximum-likelihood fit, and {@code AnalyzeBenchmark}, a timed scale run of the whole {@code
 * analyze} command on a million simulated customers.
 */
package dev.care.benchmarks;
