/**
 * The relay behind the public publisher and channel: record building (key, headers, JSON value),
 * the acknowledged send, per-key hold-back after a failure, and the counters. Not exported; no
 * compatibility promise.
 */
package dev.care.messaging.kafka.internal;
