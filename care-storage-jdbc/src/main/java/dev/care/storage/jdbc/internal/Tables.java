package dev.care.storage.jdbc.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The qualified names of the adapter's tables and constraints, built once from a validated schema
 * and table prefix. Identifiers only ever come from here; every value goes in as a parameter.
 *
 * @param schema the schema
 * @param prefix the table prefix, possibly empty
 */
public record Tables(String schema, String prefix) {
  /** A schema name: lower-case letters, digits and underscores, starting with a letter or _. */
  public static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

  /**
   * A table prefix: empty, or lower-case letters, digits and underscores starting with a letter.
   */
  public static final Pattern PREFIX = Pattern.compile("([a-z][a-z0-9_]{0,15})?");

  /** Validates both names against their patterns. */
  public Tables {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(prefix, "prefix");
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must match " + SCHEMA.pattern() + ", got '" + schema + "'");
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must match " + PREFIX.pattern() + ", got '" + prefix + "'");
    }
  }

  /**
   * A table's qualified name.
   *
   * @param name the unprefixed table name, e.g. {@code "journal"}
   * @return e.g. {@code "care".journal}
   */
  public String table(String name) {
    return '"' + schema + "\"." + prefix + name;
  }

  /**
   * A constraint's name as PostgreSQL reports it.
   *
   * @param name the unprefixed name, e.g. {@code "journal_pk"}
   * @return the prefixed name
   */
  public String constraint(String name) {
    return prefix + name;
  }

  /**
   * The name of Flyway's history table for this prefix.
   *
   * @return the table name (unqualified)
   */
  public String flywayTable() {
    return prefix + "flyway_schema_history";
  }
}
