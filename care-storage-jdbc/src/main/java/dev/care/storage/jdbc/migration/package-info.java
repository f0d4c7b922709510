/**
 * The Flyway migrations of the PostgreSQL schema ({@code V1__care_schema.sql}, ...), shipped as
 * resources of this package. The package holds no code; it is opened in the module descriptor so
 * that Flyway can read the migrations when the adapter runs on the module path.
 */
package dev.care.storage.jdbc.migration;
