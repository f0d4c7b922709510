package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeTest {
  /** 1,000 customers drawn by {@code Simulation} from the CDNOW parameters, seed 20261123. */
  private static final Path SAMPLE = Path.of("src/test/resources/transactions-sample.csv");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path dir;

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("analyze"));
    all.addAll(List.of(args));
    return Main.run(
        all.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void analyze_sample_printsTheDocumentedJsonShape() throws IOException {
    assertThat(run(SAMPLE.toString())).isZero();
    JsonNode root = new ObjectMapper().readTree(stdout());
    assertThat(root.fieldNames())
        .toIterable()
        .containsExactly("customers", "bgnbd", "gammaGamma", "top");
    assertThat(root.get("customers").asInt()).isEqualTo(1000);
    assertThat(root.get("bgnbd").fieldNames())
        .toIterable()
        .containsExactly("r", "alpha", "a", "b", "logLikelihood");
    assertThat(root.get("gammaGamma").fieldNames()).toIterable().containsExactly("p", "q", "gamma");
    // simulated with r = 0.243, α = 4.414 weeks; 1,000 customers pin r and α down to about 15 %
    assertThat(root.at("/bgnbd/r").asDouble()).isBetween(0.18, 0.30);
    assertThat(root.at("/bgnbd/alpha").asDouble()).isBetween(3.3, 5.5);
    // γ is reported in major units: simulated 15.44 EUR
    assertThat(root.at("/gammaGamma/gamma").asDouble()).isBetween(8.0, 30.0);
    JsonNode top = root.get("top");
    assertThat(top).hasSize(20);
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode c : top) {
      assertThat(c.get("frequency").asInt()).isPositive();
      assertThat(c.get("probabilityAlive").asDouble()).isBetween(0.0, 1.0);
      assertThat(c.get("valueAtRisk").asDouble()).isLessThanOrEqualTo(previous);
      previous = c.get("valueAtRisk").asDouble();
      assertThat(c.has("lifetimeValue")).isTrue();
      assertThat(c.has("segment")).isTrue();
    }
    assertThat(stderr()).isEmpty();
  }

  @Test
  void analyze_options_daysUnitCalibrationEndAndOutFile() throws IOException {
    Path file = dir.resolve("result.json");
    assertThat(
            run(
                SAMPLE.toString(),
                "--time-unit",
                "days",
                "--calibration-end",
                "2026-09-30",
                "--horizon",
                "90",
                "--out",
                file.toString()))
        .isZero();
    assertThat(stdout()).isEmpty();
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    // α is a time scale: in days it is about 7 × the weekly value
    assertThat(root.at("/bgnbd/alpha").asDouble()).isBetween(7 * 3.3, 7 * 5.5);
  }

  @Test
  void analyze_badRows_areReportedWithLineNumbers_andSkipped() throws IOException {
    Path csv = dir.resolve("t.csv");
    Files.writeString(
        csv,
        String.join(
            "\n",
            "customer_id,date,amount",
            "A,2026-01-01,10.00",
            "A,2026-01-15,0",
            "A,2026-02-01,12.345",
            "B,2026-13-01,5",
            "B,2026-01-03,-1",
            "B,2026-01-03,abc",
            "C,2026-01-10,7.5,extra",
            "B,2026-01-03,5",
            "B,2026-01-20,6",
            "C,2026-02-01,3",
            "D,2026-02-10,3",
            "D,2026-02-20,4",
            ""));
    assertThat(run(csv.toString())).isZero();
    assertThat(stderr())
        .contains("line 4: amount must have at most 2 decimals, got 12.345")
        .contains("line 5: date must be YYYY-MM-DD, got '2026-13-01'")
        .contains("line 6: amount must be >= 0, got -1")
        .contains("line 7: amount must be a decimal number, got 'abc'")
        .contains("line 8: expected 3 fields, got 4");
    assertThat(new ObjectMapper().readTree(stdout()).get("customers").asInt()).isEqualTo(4);
  }

  @Test
  void analyze_noValidRows_isAnErrorNotAnEmptyResult() throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "customer_id,date,amount\nA,yesterday,1\n");
    assertThat(run(csv.toString())).isEqualTo(1);
    assertThat(stderr()).contains("line 2:").contains("has no valid transaction rows");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void analyze_headerOnly_wrongHeader_missingFile_areErrors() throws IOException {
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "customer_id,date,amount\n");
    assertThat(run(empty.toString())).isEqualTo(1);
    Path wrong = dir.resolve("wrong.csv");
    Files.writeString(wrong, "id,when,what\nA,2026-01-01,1\n");
    assertThat(run(wrong.toString())).isEqualTo(1);
    assertThat(stderr()).contains("header must be customer_id,date,amount");
    assertThat(run(dir.resolve("missing.csv").toString())).isEqualTo(1);
    assertThat(stderr()).contains("cannot read");
  }

  @Test
  void analyze_noRepeatPurchases_cannotFit() throws IOException {
    Path csv = dir.resolve("once.csv");
    Files.writeString(csv, "customer_id,date,amount\nA,2026-01-01,1\nB,2026-01-05,2\n");
    assertThat(run(csv.toString())).isEqualTo(1);
    assertThat(stderr()).contains("cannot fit the models").contains("no customer has a repeat");
  }

  @Test
  void analyze_usageErrors_exitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(run(SAMPLE.toString(), "--time-unit", "months")).isEqualTo(2);
    assertThat(run(SAMPLE.toString(), "--horizon", "0")).isEqualTo(2);
    assertThat(run(SAMPLE.toString(), "--calibration-end", "soon")).isEqualTo(2);
    assertThat(run(SAMPLE.toString(), "--bogus", "1")).isEqualTo(2);
    assertThat(stderr())
        .contains("no input file given")
        .contains("--time-unit must be days or weeks, got 'months'")
        .contains("--horizon must be a whole number >= 1, got '0'")
        .contains("--calibration-end must be YYYY-MM-DD, got 'soon'")
        .contains("unknown option '--bogus'")
        .contains("usage:");
  }
}
