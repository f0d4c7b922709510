package dev.care.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Where an embedded PostgreSQL spends its time, by statement ({@code pg_stat_statements}, with
 * planning tracked): {@link #track} before the server starts, {@link #reset} before the measured
 * part, {@link #print} after. Shared by the benchmarks that run on PostgreSQL.
 *
 * <p>With the system property {@code explain} set to a sample rate (for example {@code
 * -Dexplain=0.01}), the server also loads {@code auto_explain} and writes the plans of the sampled
 * statements taking at least {@code explainMs} milliseconds (default 0), with their actual times,
 * to its log in {@code /tmp/pglog}.
 */
final class ServerStatements {
  private ServerStatements() {}

  /** Configures a server about to start to keep statement statistics (and plans, if asked). */
  static EmbeddedPostgres.Builder track(EmbeddedPostgres.Builder builder) {
    String rate = System.getProperty("explain");
    builder.setServerConfig(
        "shared_preload_libraries",
        rate == null ? "pg_stat_statements" : "pg_stat_statements,auto_explain");
    builder.setServerConfig("pg_stat_statements.track_planning", "on");
    if (rate != null) {
      builder.setServerConfig("auto_explain.sample_rate", rate);
      builder.setServerConfig(
          "auto_explain.log_min_duration", System.getProperty("explainMs", "0"));
      builder.setServerConfig("auto_explain.log_analyze", "on");
      builder.setServerConfig("auto_explain.log_nested_statements", "on");
      builder.setServerConfig("logging_collector", "on");
      builder.setServerConfig("log_directory", "/tmp/pglog");
    }
    return builder;
  }

  /** Creates the extension (once per server) and forgets what was counted so far. */
  static void reset(EmbeddedPostgres postgres) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      s.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /** Prints the statements that took the server longest, executing and planning, with counts. */
  static void print(EmbeddedPostgres postgres, int limit) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT calls, total_exec_time, rows, query, total_plan_time FROM"
                    + " pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC"
                    + " LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        System.out.println("server time by statement (pg_stat_statements: executing + planning):");
        while (rs.next()) {
          String q = rs.getString(4).replaceAll("\\s+", " ");
          System.out.printf(
              Locale.ROOT,
              "  %9.1f s + %6.1f s %,10d calls %,10d rows  %s%n",
              rs.getDouble(2) / 1e3,
              rs.getDouble(5) / 1e3,
              rs.getLong(1),
              rs.getLong(3),
              q.length() > 160 ? q.substring(0, 160) + "..." : q);
        }
      }
    }
  }
}
