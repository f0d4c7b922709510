/**
 * Implementation of the PostgreSQL adapter: the JSON codec for stored records, SQL text, the
 * mapping of PostgreSQL errors, the Flyway set-up and the Java migration that moves V2 data (with
 * its reader of V2 journal documents). No compatibility promise; not part of the API.
 */
package dev.care.storage.jdbc.internal;
