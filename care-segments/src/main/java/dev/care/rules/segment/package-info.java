/**
 * Segments: boolean definitions over customer attributes ({@code tier in (GOLD, PLATINUM) and
 * recencyDays > 60}), kept as data with a text and a JSON form, evaluated over a columnar store
 * into bitmaps, and kept current incrementally with {@code SegmentEntered} and {@code
 * SegmentExited} events.
 *
 * <p>Start with {@link dev.care.rules.segment.SegmentDefinition#parse(String, String, String)} and
 * {@code SegmentEngine}.
 */
package dev.care.rules.segment;
