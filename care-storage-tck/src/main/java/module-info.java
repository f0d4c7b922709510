/**
 * The conformance kit every storage adapter runs: extend {@code
 * dev.care.storage.tck.CareStorageCompatibilityKit} in a test. The kit is made of JUnit 5 tests, so
 * JUnit's API comes with it; the kit's package is open to JUnit, which instantiates its nested
 * contract classes.
 */
@SuppressWarnings("requires-automatic") // QuickTheories has no module name of its own
module dev.care.storage.tck {
  requires transitive dev.care.storage.spi;
  requires transitive org.junit.jupiter.api;
  // FaultPlan wraps an adapter's javax.sql.DataSource (JDK proxies only)
  requires transitive java.sql;
  requires org.assertj.core;
  requires quicktheories;

  exports dev.care.storage.tck;

  opens dev.care.storage.tck to
      org.junit.platform.commons;
}
