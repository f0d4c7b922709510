/**
 * Numerical internals of the analytics models: grouped sufficient statistics, likelihood sums, the
 * Gauss hypergeometric function. Not API.
 */
package dev.care.rules.analytics.internal;
