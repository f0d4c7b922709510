/**
 * Segment definitions (text and JSON) and the columnar segment index. Memberships are handed out as
 * RoaringBitmaps, so RoaringBitmap is part of the API and is required transitively.
 */
@SuppressWarnings("requires-automatic") // Micrometer has no module name of its own
module dev.care.segments {
  requires transitive dev.care.core;
  requires transitive roaringbitmap;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  // optional: only dev.care.rules.segment.metrics uses it; who uses that package requires
  // Micrometer too
  requires static micrometer.core;

  exports dev.care.rules.segment;
  exports dev.care.rules.segment.metrics;
}
