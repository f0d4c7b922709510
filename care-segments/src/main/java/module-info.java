/**
 * Segment definitions (text and JSON) and the columnar segment index. Memberships are handed out as
 * RoaringBitmaps, so RoaringBitmap is part of the API and is required transitively.
 */
module dev.care.segments {
  requires transitive dev.care.core;
  requires transitive roaringbitmap;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;

  exports dev.care.rules.segment;
}
