/**
 * JMH benchmarks of the care library; run with {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package dev.care.benchmarks;
