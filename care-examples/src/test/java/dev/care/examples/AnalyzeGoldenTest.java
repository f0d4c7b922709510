package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code analyze} command's whole output — the JSON and every row of {@code --customers-out} —
 * byte for byte against files written by the command before its speed work (commit 78bea20, the
 * reader, summaries, fits, valuation, RFM and formatting as they were). Any change to what a user
 * gets from the same file shows here, whatever the change was made for.
 */
class AnalyzeGoldenTest {
  private static final Path SAMPLE = Path.of("src/test/resources/transactions-sample.csv");
  private static final Path GOLDEN = Path.of("src/test/resources/analyze-golden");

  @TempDir Path dir;

  private void analyze(String... args) {
    List<String> all = new ArrayList<>(List.of("analyze"));
    all.addAll(List.of(args));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            all.toArray(String[]::new),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  /**
   * Compares with the golden file; with {@code -Dcare.golden.write=true} (an intended change of
   * output, to be reviewed in the diff) rewrites it instead.
   */
  private void assertSameAsGolden(Path actual, String golden) throws IOException {
    if (Boolean.getBoolean("care.golden.write")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(
          GOLDEN.resolve(golden),
          Files.readString(actual, StandardCharsets.UTF_8).replace("\r\n", "\n"),
          StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(actual, StandardCharsets.UTF_8).replace("\r\n", "\n"))
        .isEqualTo(Files.readString(GOLDEN.resolve(golden), StandardCharsets.UTF_8));
  }

  @Test
  void sample_defaults_sameJsonAndCustomersAsBefore() throws IOException {
    Path json = dir.resolve("a.json");
    Path customers = dir.resolve("customers.csv");
    analyze(SAMPLE.toString(), "--out", json.toString(), "--customers-out", customers.toString());
    assertSameAsGolden(json, "sample.json");
    assertSameAsGolden(customers, "sample-customers.csv");
  }

  /**
   * The same rows shuffled (customers and days out of order, so the reader's interning, the sort by
   * customer id and the per-customer day sort all work), in days, with a calibration end before the
   * last rows, another horizon, currency and discount rate.
   */
  @Test
  void sampleShuffled_otherOptions_sameJsonAndCustomersAsBefore() throws IOException {
    List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
    List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
    Collections.shuffle(rows, new Random(20261205L));
    Path shuffled = dir.resolve("shuffled.csv");
    Files.writeString(
        shuffled,
        lines.get(0) + "\r\n" + String.join("\r\n", rows) + "\r\n",
        StandardCharsets.UTF_8);
    Path json = dir.resolve("b.json");
    Path customers = dir.resolve("customers-b.csv");
    analyze(
        shuffled.toString(),
        "--time-unit",
        "days",
        "--calibration-end",
        "2026-09-30",
        "--horizon",
        "90",
        "--currency",
        "USD",
        "--annual-discount-rate",
        "0.2",
        "--out",
        json.toString(),
        "--customers-out",
        customers.toString());
    assertSameAsGolden(json, "shuffled-days.json");
    assertSameAsGolden(customers, "shuffled-days-customers.csv");
  }

  /**
   * The sample with a byte-order mark, CRLF, and rows that take every path of the reader: UTF-8
   * ids, quoted fields and a quoted id with a comma, spaces around values, whole amounts, blank
   * lines, and bad rows of each kind (reported on standard error, compared too).
   */
  @Test
  void trickyRows_sameJsonCustomersAndReportsAsBefore() throws IOException {
    Path json = dir.resolve("t.json");
    Path customers = dir.resolve("t.csv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {
              "analyze",
              "src/test/resources/transactions-tricky.csv",
              "--out",
              json.toString(),
              "--customers-out",
              customers.toString()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    Path reports = dir.resolve("t.err");
    Files.write(reports, err.toByteArray());
    assertSameAsGolden(reports, "tricky.err");
    assertSameAsGolden(json, "tricky.json");
    assertSameAsGolden(customers, "tricky-customers.csv");
  }
}
