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
        .containsExactly("customers", "bgnbd", "gammaGamma", "warnings", "top");
    assertThat(root.get("warnings")).isEmpty();
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
        .contains("--horizon must be a whole number from 1 to 10000, got '0'")
        .contains("--calibration-end must be YYYY-MM-DD, got 'soon'")
        .contains("unknown option '--bogus'")
        .contains("(--help for usage)")
        .doesNotContain("Exception");
    // one line per usage error
    assertThat(stderr().lines()).hasSize(5);
  }

  @Test
  void analyze_help_printsUsageAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).startsWith("usage: java -jar care-examples.jar analyze FILE.csv");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void analyze_byteOrderMark_isAccepted() throws IOException {
    Path csv = dir.resolve("excel.csv");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = Files.readAllBytes(SAMPLE);
    byte[] both = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, both, 0, bom.length);
    System.arraycopy(text, 0, both, bom.length, text.length);
    Files.write(csv, both);
    assertThat(run(csv.toString())).isZero();
    assertThat(new ObjectMapper().readTree(stdout()).get("customers").asInt()).isEqualTo(1000);
  }

  @Test
  void analyze_notUtf8_saysWhichByteAndLine() throws IOException {
    Path csv = dir.resolve("latin1.csv");
    Files.write(
        csv,
        "customer_id,date,amount\nA,2026-01-01,1\nJos\u00e9,2026-01-02,2\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(run(csv.toString())).isEqualTo(1);
    assertThat(stderr())
        .contains("is not UTF-8 text: byte 0xE9 at offset 42 (line 3, column 4)")
        .doesNotContain("Input length");
    Path binary = dir.resolve("binary.csv");
    Files.write(binary, new byte[] {'c', 'u', 's', 0, 1, 2, (byte) 0xFF});
    assertThat(run(binary.toString())).isEqualTo(1);
    assertThat(stderr()).contains("is not a text file: NUL byte at offset 3 (line 1, column 4)");
  }

  @Test
  void analyze_quotedFieldsAndCrLf_areRead() throws IOException {
    Path csv = dir.resolve("quoted.csv");
    Files.writeString(
        csv,
        "\"customer_id\",\"date\",\"amount\"\r\n"
            + "\"A, Ltd\",2026-01-01,1.50\r\nA,2026-01-05,2\r\n\"A, Ltd\",2026-02-01,3\r\n"
            + "B,2026-01-01,1\r\nB,2026-01-09,1\r\n");
    Path customers = dir.resolve("customers.csv");
    assertThat(run(csv.toString(), "--customers-out", customers.toString())).isZero();
    List<String> rows = Files.readAllLines(customers);
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1)).startsWith("A,0,0.0000,");
    assertThat(rows.get(2)).startsWith("\"A, Ltd\",1,4.4286,4.4286,2026-01-01,2026-02-01,4.50,");
  }

  @Test
  void analyze_customersOut_writesOneDocumentedRowPerCustomer() throws IOException {
    Path customers = dir.resolve("scores.csv");
    assertThat(run(SAMPLE.toString(), "--customers-out", customers.toString())).isZero();
    List<String> lines = Files.readAllLines(customers, StandardCharsets.UTF_8);
    assertThat(lines.get(0))
        .isEqualTo(
            "customer_id,frequency,recency,T,first_purchase,last_purchase,total_spend,"
                + "rfm_recency,rfm_frequency,rfm_monetary,rfm,segment,"
                + "p_alive,expected_purchases,expected_spend,clv,value_at_risk");
    assertThat(lines).hasSize(1001);
    JsonNode top = new ObjectMapper().readTree(stdout()).get("top").get(0);
    String first = top.get("customerId").asText();
    String[] row =
        lines.stream().filter(l -> l.startsWith(first + ",")).findFirst().orElseThrow().split(",");
    assertThat(row).hasSize(17);
    assertThat(Integer.parseInt(row[1])).isEqualTo(top.get("frequency").asInt());
    assertThat(row[10]).isEqualTo(top.get("rfm").asText());
    assertThat(row[11]).isEqualTo(top.get("segment").asText());
    assertThat(Double.parseDouble(row[12])).isEqualTo(top.get("probabilityAlive").asDouble());
    assertThat(new java.math.BigDecimal(row[15]))
        .isEqualByComparingTo(top.get("lifetimeValue").decimalValue());
    assertThat(new java.math.BigDecimal(row[16]))
        .isEqualByComparingTo(top.get("valueAtRisk").decimalValue());
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertThat(f).hasSize(17);
      assertThat(Double.parseDouble(f[12])).isBetween(0.0, 1.0);
      assertThat(Integer.parseInt(f[7])).isBetween(1, 5);
    }
  }

  @Test
  void analyze_outputPaths_areCheckedBeforeReading() throws IOException {
    Path missingDir = dir.resolve("no-such-dir").resolve("out.json");
    // the input does not exist either: the output is refused first, before any work
    assertThat(run(dir.resolve("missing.csv").toString(), "--out", missingDir.toString()))
        .isEqualTo(2);
    assertThat(stderr()).contains("--out " + missingDir + ": directory").contains("does not exist");
    assertThat(run(SAMPLE.toString(), "--customers-out", dir.toString())).isEqualTo(2);
    assertThat(stderr()).contains("--customers-out " + dir + " is a directory");
    assertThat(run(SAMPLE.toString(), "--customers-out", SAMPLE.toString())).isEqualTo(2);
    assertThat(stderr()).contains("is the input file");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void warnings_degenerateFit_namesTheParameter() {
    var bg =
        new dev.care.rules.analytics.BgNbdFit(
            new dev.care.rules.analytics.BgNbdModel(36_795_358, 151_000_000, 0.8, 2.4),
            -100,
            500,
            300,
            3,
            true,
            200,
            150);
    var gg =
        new dev.care.rules.analytics.GammaGammaFit(
            new dev.care.rules.analytics.GammaGammaModel(6, 3.7, 1500),
            -50,
            300,
            200,
            3,
            true,
            120);
    assertThat(Analyze.warnings(bg, gg))
        .hasSize(2)
        .allSatisfy(w -> assertThat(w).contains("BG/NBD fit is degenerate"))
        .anySatisfy(w -> assertThat(w).contains("r = 3.67954e+07"))
        .anySatisfy(w -> assertThat(w).contains("alpha = 1.51000e+08"));
  }

  @Test
  void analyze_smallDegeneratePopulation_warnsInTheJson() throws IOException {
    // 60 customers who all buy on exactly the same days: no heterogeneity to estimate
    StringBuilder b = new StringBuilder("customer_id,date,amount\n");
    for (int c = 0; c < 60; c++) {
      for (int w = 0; w < 10; w++) {
        b.append("C").append(c).append(',').append(java.time.LocalDate.of(2026, 1, 5).plusWeeks(w));
        b.append(",10\n");
      }
    }
    Path csv = dir.resolve("same.csv");
    Files.writeString(csv, b.toString());
    assertThat(run(csv.toString())).isZero();
    JsonNode warnings = new ObjectMapper().readTree(stdout()).get("warnings");
    assertThat(warnings).isNotEmpty();
    assertThat(stderr()).contains("analyze: warning: ");
  }
}
