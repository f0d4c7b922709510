/**
 * Earning, tier and care rules, campaigns, programmes as JSON and the {@code CareEngine}
 * orchestrator, over any storage adapter and the segment index, and Micrometer meters for the
 * engine (Micrometer is optional: only {@code dev.care.rules.engine.metrics} needs it).
 */
@SuppressWarnings("requires-automatic") // Micrometer has no module name of its own
module dev.care.rules {
  requires transitive dev.care.core;
  requires transitive dev.care.storage.spi;
  requires transitive dev.care.segments;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires com.google.common;
  // optional: only dev.care.rules.engine.metrics uses it; who uses that package requires
  // Micrometer too
  requires static micrometer.core;

  exports dev.care.rules.campaign;
  exports dev.care.rules.earning;
  exports dev.care.rules.engine;
  exports dev.care.rules.engine.metrics;
  exports dev.care.rules.program;
  exports dev.care.rules.tier;
  exports dev.care.rules.trigger;
}
