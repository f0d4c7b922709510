/**
 * The PostgreSQL adapter of the storage SPI: {@link dev.care.storage.jdbc.PostgresStorage} keeps
 * every store in tables created by Flyway migrations shipped in the jar, on a HikariCP pool or any
 * {@link javax.sql.DataSource} you pass in. One unit of work is one database transaction; writes
 * are checked by version columns and serialization failures are retried under a {@link
 * dev.care.storage.jdbc.RetryPolicy}.
 */
package dev.care.storage.jdbc;
