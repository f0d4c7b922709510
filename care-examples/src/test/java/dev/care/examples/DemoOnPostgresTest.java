package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's {@code --jdbc-url}: the same run on PostgreSQL, its events applied on four threads
 * (the default there), gives the figures of the sequential in-memory run.
 */
class DemoOnPostgresTest {
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {
      Integer.toString(code),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  /** The summary without the first two lines (the store's name and the elapsed time). */
  private static String figures(String summary) {
    return summary.lines().skip(2).reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void demo_onPostgres_matchesTheInMemoryRun_andRefusesToReuseTheSchema() {
    String url = postgres.getJdbcUrl("postgres", "postgres");
    // 150 members: enough for a referral reward, survey answers by link and by SMS reply, and
    // staff tasks done and overdue, so each of those paths is compared too
    String[] memory =
        run("demo", "--members", "150", "--months", "3", "--seed", "7", "--threads", "1");
    String[] pg =
        run("demo", "--members", "150", "--months", "3", "--seed", "7", "--jdbc-url", url);
    String[] pgSequential =
        run(
            "demo",
            "--members",
            "150",
            "--months",
            "3",
            "--seed",
            "7",
            "--jdbc-url",
            url,
            "--jdbc-schema",
            "care_demo_sequential",
            "--threads",
            "1");
    assertThat(pg[0]).as(pg[2]).isEqualTo("0");
    assertThat(pg[1]).contains("on PostgreSQL " + url);
    assertThat(memory[0]).isEqualTo("0");
    assertThat(figures(pg[1]))
        .isEqualTo(figures(memory[1]))
        .contains("Members by tier")
        .containsPattern("referrals rewarded +[1-9]")
        .containsPattern("through the link, [1-9][0-9]* by SMS reply")
        .containsPattern("all tasks +[1-9][0-9]* +[1-9]");
    assertThat(pgSequential[0]).as(pgSequential[2]).isEqualTo("0");
    assertThat(figures(pgSequential[1])).isEqualTo(figures(pg[1]));

    String[] again = run("demo", "--members", "10", "--months", "1", "--jdbc-url", url);
    assertThat(again[0]).isEqualTo("1");
    assertThat(again[2]).contains("schema care_demo already holds a demo run");
  }
}
