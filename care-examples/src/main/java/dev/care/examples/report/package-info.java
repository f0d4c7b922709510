/**
 * The demo's self-contained HTML report: charts drawn as inline SVG, no external assets, no
 * scripts, no network.
 */
package dev.care.examples.report;
