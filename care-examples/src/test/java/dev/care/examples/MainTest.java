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
        .contains("members by life-cycle stage:")
        .contains("members by tier:")
        .contains("points issued")
        .contains("wallet liability: paid EUR")
        .contains("care actions by kind:")
        .contains("satisfaction index:");
    String html = Files.readString(report);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .doesNotContain("<script", "<link", "<img", "url(");
    assertThat(html.split("<svg", -1)).hasSize(6);
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
}
