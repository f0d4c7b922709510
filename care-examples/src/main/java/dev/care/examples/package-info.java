/**
 * Runnable examples and the {@code care-examples.jar} command line ({@code demo}, and later {@code
 * analyze}).
 */
package dev.care.examples;
