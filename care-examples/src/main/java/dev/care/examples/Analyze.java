package dev.care.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.care.rules.analytics.BgNbdFit;
import dev.care.rules.analytics.BgNbdFitter;
import dev.care.rules.analytics.CustomerSummaries;
import dev.care.rules.analytics.CustomerSummary;
import dev.care.rules.analytics.CustomerValuation;
import dev.care.rules.analytics.GammaGammaFit;
import dev.care.rules.analytics.GammaGammaFitter;
import dev.care.rules.analytics.PeriodUnit;
import dev.care.rules.analytics.RfmScore;
import dev.care.rules.analytics.RfmScorer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * The {@code analyze} command: {@code analyze FILE.csv [--calibration-end YYYY-MM-DD] [--time-unit
 * days|weeks] [--horizon N] [--out FILE] [--customers-out FILE.csv] [--currency CODE]
 * [--annual-discount-rate R]}.
 *
 * <p>Reads a transactions CSV with the header {@code customer_id,date,amount} (UTF-8, with or
 * without a byte-order mark; ISO dates; amounts as decimals in the currency's major unit, e.g.
 * {@code 12.34}, converted to minor units exactly; zero is a valid purchase) in one streaming pass
 * ({@link TransactionsCsv}). Rows that cannot be read are reported on standard error with their
 * line number and skipped; a file that is not UTF-8 text, or without a single valid row, is an
 * error (exit code 1). Fits BG/NBD and Gamma-Gamma and prints JSON:
 *
 * <pre>
 * {"customers": N, "bgnbd": {"r", "alpha", "a", "b", "logLikelihood"},
 *  "gammaGamma": {"p", "q", "gamma"}, "warnings": [...], "top": [...]}
 * </pre>
 *
 * {@code alpha} is in periods of the time unit; {@code gamma} in major units of the currency.
 * {@code warnings} says when a fit did not converge or is degenerate (a parameter beyond {@value
 * #DEGENERATE} or below its inverse: the optimiser drifted towards its bounds along a flat
 * likelihood, typically with too few customers or repeat purchases, so the parameters identify
 * nothing). {@code top} lists up to 20 customers at risk, ranked by value at risk = {@code (1 −
 * P(alive)) × CLV / P(alive)} — the lifetime value they would bring if alive, weighted by the
 * probability they are gone — highest first, ties by customer id; one-time buyers (P(alive) = 1 in
 * BG/NBD) are not ranked. CLV is over {@code --horizon} periods (default 52 weeks or 365 days),
 * discounted per period at the rate equivalent to {@code --annual-discount-rate} (default 0.10).
 * {@code --customers-out} writes one CSV row per customer (columns in {@link #CUSTOMER_COLUMNS}).
 */
final class Analyze {
  static final int TOP = 20;

  /** A fitted parameter beyond this (or below its inverse) marks a degenerate fit. */
  static final double DEGENERATE = 1e6;

  static final String USAGE =
      "usage: java -jar care-examples.jar analyze FILE.csv [--calibration-end YYYY-MM-DD]"
          + " [--time-unit days|weeks] [--horizon N] [--out FILE] [--customers-out FILE.csv]"
          + " [--currency CODE] [--annual-discount-rate R]";

  /** The header of {@code --customers-out}. */
  static final String CUSTOMER_COLUMNS =
      "customer_id,frequency,recency,T,first_purchase,last_purchase,total_spend,"
          + "rfm_recency,rfm_frequency,rfm_monetary,rfm,segment,"
          + "p_alive,expected_purchases,expected_spend,clv,value_at_risk";

  private record Options(
      Path file,
      LocalDate calibrationEnd,
      PeriodUnit unit,
      int horizon,
      Path out,
      Path customersOut,
      Currency currency,
      double annualDiscountRate) {}

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(USAGE);
      out.println("Fits BG/NBD and Gamma-Gamma to a customer_id,date,amount CSV; see README.");
      return 0;
    }
    Options o;
    try {
      o = parse(args);
      checkOutputs(o);
    } catch (UsageException e) {
      err.println("analyze: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Timings time = new Timings(err);
    int digits = o.currency().getDefaultFractionDigits();
    TransactionsCsv.Columns rows;
    try {
      rows = TransactionsCsv.read(o.file(), digits, err);
    } catch (IOException | RuntimeException e) {
      err.println("analyze: cannot read " + o.file() + ": " + e.getMessage());
      return 1;
    }
    time.lap("read " + rows.rows() + " rows");
    if (rows.rows() == 0) {
      err.println("analyze: " + o.file() + " has no valid transaction rows");
      return 1;
    }
    LocalDate end =
        o.calibrationEnd() != null ? o.calibrationEnd() : LocalDate.ofEpochDay(rows.latestDay());
    List<CustomerSummary> customers =
        CustomerSummaries.ofColumns(
            rows.ids(),
            rows.customer(),
            rows.epochDay(),
            rows.amountMinor(),
            rows.rows(),
            end,
            o.unit());
    time.lap("summarised " + customers.size() + " customers");
    if (customers.isEmpty()) {
      err.println("analyze: no transaction on or before the calibration end " + end);
      return 1;
    }
    BgNbdFit bg;
    GammaGammaFit gg;
    try {
      bg = BgNbdFitter.defaults().fit(customers);
      time.lap("fitted BG/NBD (" + bg.evaluations() + " evaluations)");
      gg = GammaGammaFitter.defaults().fit(customers);
    } catch (IllegalArgumentException e) {
      err.println("analyze: cannot fit the models: " + e.getMessage());
      return 1;
    }
    time.lap("fitted Gamma-Gamma (" + gg.evaluations() + " evaluations)");
    List<String> warnings = warnings(bg, gg);
    for (String w : warnings) {
      err.println("analyze: warning: " + w);
    }
    double perPeriod = Math.pow(1 + o.annualDiscountRate(), o.unit().days() / 365.0) - 1;
    CustomerValuation[] values =
        CustomerValuation.ofAll(bg.model(), gg.model(), customers, o.horizon(), perPeriod)
            .toArray(CustomerValuation[]::new);
    time.lap("valued");
    List<RfmScore> rfm = RfmScorer.score(customers, end);
    time.lap("scored RFM");
    String json;
    try {
      json = render(o, customers, values, rfm, bg, gg, warnings);
    } catch (IOException e) {
      err.println("analyze: " + e.getMessage());
      return 1;
    }
    if (o.customersOut() != null) {
      try (Writer w = Files.newBufferedWriter(o.customersOut(), StandardCharsets.UTF_8)) {
        writeCustomers(w, customers, values, rfm, digits);
      } catch (IOException e) {
        err.println("analyze: cannot write " + o.customersOut() + ": " + e.getMessage());
        return 1;
      }
    }
    time.lap("wrote the customers");
    if (o.out() != null) {
      try {
        Files.writeString(o.out(), json + System.lineSeparator(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("analyze: cannot write " + o.out() + ": " + e.getMessage());
        return 1;
      }
    } else {
      out.println(json);
    }
    return 0;
  }

  /** Stage times on standard error when the system property {@code care.analyze.timings} is set. */
  private static final class Timings {
    private final PrintStream err;
    private final boolean on = Boolean.getBoolean("care.analyze.timings");
    private long last = System.nanoTime();

    Timings(PrintStream err) {
      this.err = err;
    }

    void lap(String what) {
      long now = System.nanoTime();
      if (on) {
        err.printf(Locale.ROOT, "analyze: %s in %.2f s%n", what, (now - last) / 1e9);
      }
      last = now;
    }
  }

  /** What is suspicious about the fits, in words, one line each. */
  static List<String> warnings(BgNbdFit bg, GammaGammaFit gg) {
    List<String> w = new ArrayList<>();
    if (!bg.converged()) {
      w.add("the BG/NBD fit did not converge");
    }
    if (!gg.converged()) {
      w.add("the Gamma-Gamma fit did not converge");
    }
    degenerate(w, "BG/NBD", "r", bg.model().r());
    degenerate(w, "BG/NBD", "alpha", bg.model().alpha());
    degenerate(w, "BG/NBD", "a", bg.model().a());
    degenerate(w, "BG/NBD", "b", bg.model().b());
    degenerate(w, "Gamma-Gamma", "p", gg.model().p());
    degenerate(w, "Gamma-Gamma", "q", gg.model().q());
    return w;
  }

  private static void degenerate(List<String> w, String model, String name, double v) {
    if (!(v <= DEGENERATE && v >= 1 / DEGENERATE)) {
      w.add(
          String.format(
              Locale.ROOT,
              "the %s fit is degenerate: %s = %.6g is at the edge of what the optimiser searches"
                  + " (the likelihood is flat in that direction: too few customers or repeat"
                  + " purchases to identify the model); do not rely on its predictions",
              model,
              name,
              v));
    }
  }

  private static Options parse(String[] args) throws UsageException {
    Path file = null;
    LocalDate end = null;
    PeriodUnit unit = PeriodUnit.WEEKS;
    Integer horizon = null;
    Path out = null;
    Path customersOut = null;
    Currency currency = Currency.getInstance("EUR");
    double rate = 0.10;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        if (file != null) {
          throw new UsageException("only one input file, got '" + file + "' and '" + a + "'");
        }
        file = Path.of(a);
        continue;
      }
      if (i + 1 >= args.length) {
        throw new UsageException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--calibration-end" -> {
          try {
            end = LocalDate.parse(v);
          } catch (DateTimeParseException e) {
            throw new UsageException("--calibration-end must be YYYY-MM-DD, got '" + v + "'");
          }
        }
        case "--time-unit" -> {
          switch (v.toLowerCase(Locale.ROOT)) {
            case "days" -> unit = PeriodUnit.DAYS;
            case "weeks" -> unit = PeriodUnit.WEEKS;
            default ->
                throw new UsageException("--time-unit must be days or weeks, got '" + v + "'");
          }
        }
        case "--horizon" -> {
          try {
            horizon = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            horizon = 0;
          }
          if (horizon < 1 || horizon > 10_000) {
            throw new UsageException(
                "--horizon must be a whole number from 1 to 10000, got '" + v + "'");
          }
        }
        case "--out" -> out = path(a, v);
        case "--customers-out" -> customersOut = path(a, v);
        case "--currency" -> {
          try {
            currency = Currency.getInstance(v);
          } catch (IllegalArgumentException e) {
            throw new UsageException("--currency must be an ISO 4217 code, got '" + v + "'");
          }
          if (currency.getDefaultFractionDigits() < 0) {
            throw new UsageException("--currency " + v + " has no minor unit");
          }
        }
        case "--annual-discount-rate" -> {
          try {
            rate = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            rate = -1;
          }
          if (!(rate >= 0 && rate < 10)) {
            throw new UsageException("--annual-discount-rate must be in [0, 10), got '" + v + "'");
          }
        }
        default -> throw new UsageException("unknown option '" + a + "'");
      }
    }
    if (file == null) {
      throw new UsageException("no input file given");
    }
    int h = horizon != null ? horizon : unit == PeriodUnit.WEEKS ? 52 : 365;
    return new Options(file, end, unit, h, out, customersOut, currency, rate);
  }

  private static Path path(String option, String v) throws UsageException {
    try {
      return Path.of(v);
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException(option + " is not a valid path: '" + v + "'");
    }
  }

  /** Checks before any work that the output files can be written and do not overwrite the input. */
  private static void checkOutputs(Options o) throws UsageException {
    Optional<String> problem =
        OutputPaths.problem("--out", o.out())
            .or(() -> OutputPaths.problem("--customers-out", o.customersOut()));
    if (problem.isPresent()) {
      throw new UsageException(problem.get());
    }
    for (Path p : new Path[] {o.out(), o.customersOut()}) {
      if (p != null && OutputPaths.same(p, o.file())) {
        throw new UsageException("output " + p + " is the input file; choose another name");
      }
    }
    if (o.out() != null
        && o.customersOut() != null
        && OutputPaths.same(o.out(), o.customersOut())) {
      throw new UsageException("--out and --customers-out are the same file " + o.out());
    }
  }

  private static String render(
      Options o,
      List<CustomerSummary> customers,
      CustomerValuation[] values,
      List<RfmScore> rfm,
      BgNbdFit bg,
      GammaGammaFit gg,
      List<String> warnings)
      throws IOException {
    int digits = o.currency().getDefaultFractionDigits();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("customers", customers.size());
    ObjectNode b = root.putObject("bgnbd");
    b.put("r", round(bg.model().r(), 6));
    b.put("alpha", round(bg.model().alpha(), 6));
    b.put("a", round(bg.model().a(), 6));
    b.put("b", round(bg.model().b(), 6));
    b.put("logLikelihood", round(bg.logLikelihood(), 4));
    ObjectNode g = root.putObject("gammaGamma");
    g.put("p", round(gg.model().p(), 6));
    g.put("q", round(gg.model().q(), 6));
    g.put("gamma", round(gg.model().gamma() / Math.pow(10, digits), 6));
    ArrayNode w = root.putArray("warnings");
    warnings.forEach(w::add);
    ArrayNode top = root.putArray("top");
    for (int i : top(customers, values)) {
      CustomerSummary c = customers.get(i);
      CustomerValuation v = values[i];
      RfmScore s = rfm.get(i);
      ObjectNode n = top.addObject();
      n.put("customerId", c.customerId().value());
      n.put("frequency", c.frequency());
      n.put("recency", round(c.recency(), 4));
      n.put("age", round(c.age(), 4));
      n.put("lastPurchase", c.lastPurchase().toString());
      n.put("totalSpend", BigDecimal.valueOf(c.totalSpendMinor(), digits));
      n.put("probabilityAlive", round(v.probabilityAlive(), 6));
      n.put("expectedPurchases", round(v.expectedPurchases(), 4));
      n.put("expectedSpend", money(v.expectedSpend(), digits));
      n.put("lifetimeValue", money(v.lifetimeValue(), digits));
      n.put("valueAtRisk", money(v.valueAtRisk(), digits));
      n.put("rfm", s.code());
      n.put("segment", s.segment().displayName());
    }
    return json.writeValueAsString(root);
  }

  /** The {@link #TOP} repeat customers by value at risk, highest first, ties by customer id. */
  private static List<Integer> top(List<CustomerSummary> customers, CustomerValuation[] values) {
    Comparator<Integer> better =
        Comparator.comparingDouble((Integer i) -> values[i].valueAtRisk())
            .reversed()
            .thenComparing(i -> customers.get(i).customerId());
    PriorityQueue<Integer> worstFirst = new PriorityQueue<>(better.reversed());
    for (int i = 0; i < values.length; i++) {
      if (customers.get(i).frequency() > 0 && !Double.isNaN(values[i].valueAtRisk())) {
        worstFirst.add(i);
        if (worstFirst.size() > TOP) {
          worstFirst.poll();
        }
      }
    }
    List<Integer> out = new ArrayList<>(worstFirst);
    out.sort(better);
    return out;
  }

  /** One row per customer, formatted without a {@code BigDecimal} or format string per value. */
  private static void writeCustomers(
      Writer w,
      List<CustomerSummary> customers,
      CustomerValuation[] values,
      List<RfmScore> rfm,
      int digits)
      throws IOException {
    w.write(CUSTOMER_COLUMNS);
    w.write('\n');
    // rows are formatted in parallel, a batch of blocks at a time, and written in order
    int block = 8192;
    int blocks = (customers.size() + block - 1) / block;
    int batch = 32;
    for (int first = 0; first < blocks; first += batch) {
      int from = first;
      String[] text = new String[Math.min(batch, blocks - first)];
      IntStream.range(0, text.length)
          .parallel()
          .forEach(
              k -> {
                int start = (from + k) * block;
                int end = Math.min(customers.size(), start + block);
                text[k] = rows(customers, values, rfm, digits, start, end);
              });
      for (String t : text) {
        w.write(t);
      }
    }
    if (w instanceof BufferedWriter bw) {
      bw.flush();
    }
  }

  private static String rows(
      List<CustomerSummary> customers,
      CustomerValuation[] values,
      List<RfmScore> rfm,
      int digits,
      int start,
      int end) {
    StringBuilder row = new StringBuilder(128 * (end - start));
    for (int i = start; i < end; i++) {
      CustomerSummary c = customers.get(i);
      CustomerValuation v = values[i];
      RfmScore s = rfm.get(i);
      csvText(row, c.customerId().value()).append(',');
      row.append(c.frequency()).append(',');
      fixed(row, c.recency(), 4).append(',');
      fixed(row, c.age(), 4).append(',');
      row.append(c.firstPurchase()).append(',');
      row.append(c.lastPurchase()).append(',');
      minor(row, c.totalSpendMinor(), digits).append(',');
      row.append(s.recency()).append(',').append(s.frequency()).append(',');
      row.append(s.monetary()).append(',').append(s.code()).append(',');
      csvText(row, s.segment().displayName()).append(',');
      fixed(row, v.probabilityAlive(), 6).append(',');
      fixed(row, v.expectedPurchases(), 4).append(',');
      money(row, v.expectedSpend(), digits).append(',');
      money(row, v.lifetimeValue(), digits).append(',');
      money(row, v.valueAtRisk(), digits).append('\n');
    }
    return row.toString();
  }

  private static StringBuilder csvText(StringBuilder b, String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return b.append(s);
    }
    return b.append('"').append(s.replace("\"", "\"\"")).append('"');
  }

  private static final long[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  /** A real number with {@code places} decimals, half-even-free rounding; empty if not finite. */
  static StringBuilder fixed(StringBuilder b, double v, int places) {
    if (!Double.isFinite(v)) {
      return b;
    }
    if (Math.abs(v) >= 1e12) {
      return b.append(
          BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN).toPlainString());
    }
    long scaled = Math.round(v * POW10[places]);
    return minor(b, scaled, places);
  }

  /** Whole minor units in major units, e.g. 1234 with 2 digits as {@code 12.34}. */
  static StringBuilder minor(StringBuilder b, long minor, int digits) {
    if (minor < 0) {
      b.append('-');
      minor = -minor;
    }
    if (digits == 0) {
      return b.append(minor);
    }
    long unit = POW10[digits];
    b.append(minor / unit).append('.');
    String fraction = Long.toString(minor % unit);
    for (int i = fraction.length(); i < digits; i++) {
      b.append('0');
    }
    return b.append(fraction);
  }

  /** A model expectation in minor units, in major units rounded to the minor unit. */
  private static StringBuilder money(StringBuilder b, double minor, int digits) {
    if (!Double.isFinite(minor) || Math.abs(minor) >= 1e17) {
      return b;
    }
    return minor(b, Math.round(minor), digits);
  }

  /** A real number rounded for display; {@code null} (JSON null) when it is not finite. */
  private static BigDecimal round(double v, int places) {
    return Double.isFinite(v)
        ? BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN)
        : null;
  }

  /** A model expectation in minor units, shown in major units rounded to the minor unit. */
  private static BigDecimal money(double minor, int digits) {
    return Double.isFinite(minor)
        ? BigDecimal.valueOf(minor).setScale(0, RoundingMode.HALF_EVEN).movePointLeft(digits)
        : null;
  }
}
