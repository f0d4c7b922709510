/**
 * The PostgreSQL adapter of the storage SPI. The Flyway migrations live in the resource package
 * {@code dev.care.storage.jdbc.migration}, opened so that Flyway can find them on the module path.
 */
@SuppressWarnings("requires-automatic") // Flyway has no module name of its own
module dev.care.storage.jdbc {
  requires transitive dev.care.storage.spi;
  requires transitive java.sql;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.zaxxer.hikari;
  requires flyway.core;
  requires org.postgresql.jdbc;
  requires org.slf4j;

  exports dev.care.storage.jdbc;

  opens dev.care.storage.jdbc.migration;
}
