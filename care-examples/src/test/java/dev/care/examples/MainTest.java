package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void demo_smallRun_printsTheSummaryWritesTheReportAndExitsZero(@TempDir Path dir)
      throws Exception {
    Path report = dir.resolve("report.html");
    assertThat(run("demo", "--members", "150", "--months", "3", "--report", report.toString()))
        .isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("150 members")
        .contains("3 months")
        .contains("Members by life-cycle stage")
        .contains("Members by tier (programme order)")
        .contains("  issued ")
        .contains("  liability: paid ")
        .contains("Care actions planned by the engine")
        .contains("Complaints and satisfaction")
        .doesNotContain("{")
        .doesNotContain("1 months");
    // referred members are registered with their referrer, and the engine rewards both
    long referred = figure(text, "joined by a member's referral");
    long rewarded = figure(text, "referrals rewarded");
    assertThat(referred).isPositive();
    assertThat(rewarded).isPositive().isLessThanOrEqualTo(referred);
    assertThat(figure(text, "  to the referrers")).isPositive();
    assertThat(figure(text, "  to the new members")).isPositive();
    // members answer surveys through the link and by SMS reply, and the index is tracked monthly
    long sent = figure(text, "satisfaction surveys");
    assertThat(sent).isPositive();
    java.util.regex.Matcher answered =
        java.util.regex.Pattern.compile(
                "answered +([0-9,]+) \\(([0-9,]+) through the link, ([0-9,]+) by SMS reply\\)")
            .matcher(text);
    assertThat(answered.find()).as(text).isTrue();
    long byLink = Long.parseLong(answered.group(2).replace(",", ""));
    long bySms = Long.parseLong(answered.group(3).replace(",", ""));
    assertThat(byLink).isPositive();
    assertThat(bySms).isNotNegative(); // too few SMS surveys in a small run to count on one
    assertThat(Long.parseLong(answered.group(1).replace(",", "")))
        .isEqualTo(byLink + bySms)
        .isLessThanOrEqualTo(sent);
    assertThat(text).containsPattern("mean index at month end +2026-01 [0-9-]");
    // staff work the task queue: they finish tasks, the rest stay open or were escalated
    String[] all =
        text.lines()
            .filter(l -> l.startsWith("  all tasks "))
            .findFirst()
            .orElseThrow()
            .substring("  all tasks ".length())
            .strip()
            .replace(",", "")
            .split(" +");
    long tasks = Long.parseLong(all[0]);
    long done = Long.parseLong(all[1]);
    long overdue = Long.parseLong(all[2]);
    long open = Long.parseLong(all[5]); // after the share "9.1 %"
    assertThat(done).isPositive();
    assertThat(done + open).isLessThanOrEqualTo(tasks);
    assertThat(overdue).isLessThanOrEqualTo(tasks);
    String html = Files.readString(report);
    assertThat(html).contains("Satisfaction over the year", "answered by SMS reply");
    assertThat(html).contains("Overdue tasks by temperament", "overdue share");
    assertThat(html).contains("joined by a member&#39;s referral", "points to the referrers");
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .doesNotContain("<script", "<link", "<img", "url(");
    // seven charts, each with a text alternative and a caption
    assertThat(html.split("<svg", -1)).hasSize(8);
    assertThat(html.split("<desc ", -1)).hasSize(8);
    assertThat(html.split("<figcaption>", -1)).hasSize(8);
  }

  @Test
  void demo_tinyRun_warnsThatTheChurnFitIsDegenerate_andSaysWhyNoPointExpired() {
    assertThat(run("demo", "--members", "15", "--months", "2")).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("2 months")
        .contains("WARNING: the churn model's fit is degenerate on this run")
        .contains("expired: none yet; points live 365 days");
  }

  @Test
  void demo_badOption_exitsTwoAndSaysWhichOption() {
    assertThat(run("demo", "--members", "many")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--members").contains("many");
  }

  @Test
  void run_unknownOrMissingCommand_exitsTwoWithUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("nope")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no command given")
        .contains("unknown command 'nope'")
        .contains("usage");
  }

  /** The first number on the summary's line that starts with the label. */
  private static long figure(String text, String label) {
    String line =
        text.lines()
            .filter(l -> l.startsWith("  " + label) || l.startsWith(label))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no line '" + label + "' in\n" + text));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\s([0-9][0-9,]*)(\\s|$)")
            .matcher(line.substring(line.indexOf(label) + label.length()));
    if (!m.find()) {
      throw new AssertionError("no number on '" + line + "'");
    }
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void help_listsTheCommandsAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("<analyze|demo>")
        .contains("<command> --help");
  }

  @Test
  void demo_help_printsUsageAndExitsZero() {
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("usage: java -jar care-examples.jar demo");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void demo_outOfRangeValues_areOneLineUsageErrors() {
    assertThat(run("demo", "--members", "-5")).isEqualTo(2);
    assertThat(run("demo", "--months", "0")).isEqualTo(2);
    assertThat(run("demo", "--members", "2000000")).isEqualTo(2);
    assertThat(run("demo", "--seed", "x1")).isEqualTo(2);
    assertThat(run("demo", "--members")).isEqualTo(2);
    assertThat(stderr().lines())
        .containsExactly(
            "demo: --members must be from 1 to 1000000, got -5 (--help for usage)",
            "demo: --months must be from 1 to 120, got 0 (--help for usage)",
            "demo: --members must be from 1 to 1000000, got 2000000 (--help for usage)",
            "demo: --seed needs a whole number, got 'x1' (--help for usage)",
            "demo: option --members needs a value (--help for usage)");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void demo_unwritableReport_isRefusedBeforeTheSimulation(@TempDir Path dir) {
    Path report = dir.resolve("missing").resolve("report.html");
    assertThat(run("demo", "--members", "50", "--months", "1", "--report", report.toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("--report " + report + ": directory").contains("does not exist");
    // nothing simulated: the run's header line was never printed
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void demo_nothingListening_saysSoWithTheCause() {
    assertThat(
            run(
                "demo",
                "--members",
                "10",
                "--months",
                "1",
                "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/care"))
        .isEqualTo(1);
    assertThat(stderr())
        .contains("demo: cannot open PostgreSQL at jdbc:postgresql://127.0.0.1:1/care")
        .contains("nothing is listening")
        .contains("cause: ")
        .doesNotContain("\tat ");
  }

  @Test
  void connectionFailure_wrongPassword_isNamed() {
    RuntimeException failure =
        new RuntimeException(
            "cannot open a connection pool",
            new java.sql.SQLException(
                "FATAL: password authentication failed for user \"ann\"", "28P01"));
    assertThat(ConnectionFailure.explain(failure, "ann"))
        .startsWith("the server refused user 'ann': wrong user name or password")
        .contains("password authentication failed for user \"ann\"")
        .contains("SQL state 28P01");
  }

  @Test
  void progress_notATerminal_printsPlainPeriodicLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    for (int i = 1; i <= 5000; i++) {
      p.update(i, 5000);
    }
    p.done(5000);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r");
    assertThat(text.lines()).hasSize(11).last().isEqualTo("progress: 100% (5,000 of 5,000 events)");
  }

  @Test
  void progress_onATerminal_redrawsOneBar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    for (int i = 1; i <= 5000; i++) {
      p.update(i, 5000);
    }
    p.done(5000);
    String text = bytes.toString(StandardCharsets.UTF_8);
    // one line on screen: every redraw starts with a carriage return, one line break at the end
    assertThat(text.split("\n", -1)).hasSize(2);
    assertThat(text.split("\r", -1)).hasSize(52);
    assertThat(text).endsWith("] 100%" + System.lineSeparator());
  }
}
