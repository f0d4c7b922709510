/**
 * Implementation of the PostgreSQL adapter: the JSON codec for stored records, SQL text and the
 * mapping of PostgreSQL errors. No compatibility promise; not part of the API.
 */
package dev.care.storage.jdbc.internal;
