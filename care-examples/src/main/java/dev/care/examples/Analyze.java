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
import dev.care.rules.analytics.RfmSegment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
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
      err.println("analyze: " + e.getMessage() + " (--help for usage)");
      return 2;
    }
    Timings time = new Timings(err);
    // Jackson's first use loads and links many classes: done on the other core while the file is
    // read (a serial stage), not after the work
    java.util.concurrent.CompletableFuture<ObjectMapper> mapper =
        java.util.concurrent.CompletableFuture.supplyAsync(Analyze::mapper);
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
      time.lap(
          "fitted BG/NBD ("
              + bg.evaluations()
              + " evaluations, "
              + bg.distinctTriples()
              + " triples)");
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
      json = render(mapper.join(), o, customers, values, rfm, bg, gg, warnings);
    } catch (IOException e) {
      err.println("analyze: " + e.getMessage());
      return 1;
    }
    if (o.customersOut() != null) {
      try (OutputStream w =
          new java.io.BufferedOutputStream(Files.newOutputStream(o.customersOut()), 1 << 16)) {
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

  /**
   * Stage times on standard error when the system property {@code care.analyze.timings} is set:
   * wall-clock and process CPU time, so a run on a busy machine still shows where the work is.
   */
  private static final class Timings {
    private final PrintStream err;
    private final boolean on = Boolean.getBoolean("care.analyze.timings");
    private long last = System.nanoTime();
    private long lastCpu = on ? cpu() : 0; // the management classes load only when asked for

    Timings(PrintStream err) {
      this.err = err;
    }

    private static long cpu() {
      return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean os
          ? os.getProcessCpuTime()
          : 0;
    }

    void lap(String what) {
      if (!on) {
        return;
      }
      long now = System.nanoTime();
      long nowCpu = cpu();
      err.printf(
          Locale.ROOT,
          "analyze: %s in %.2f s (CPU %.2f s)%n",
          what,
          (now - last) / 1e9,
          (nowCpu - lastCpu) / 1e9);
      last = now;
      lastCpu = nowCpu;
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

  /** The JSON writer, used once so that its serializers are loaded. */
  private static ObjectMapper mapper() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      json.writeValueAsString(json.createObjectNode().put("warm", BigDecimal.ONE).putNull("up"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return json;
  }

  private static String render(
      ObjectMapper json,
      Options o,
      List<CustomerSummary> customers,
      CustomerValuation[] values,
      List<RfmScore> rfm,
      BgNbdFit bg,
      GammaGammaFit gg,
      List<String> warnings)
      throws IOException {
    int digits = o.currency().getDefaultFractionDigits();
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
      double risk = values[i].valueAtRisk();
      if (worstFirst.size() == TOP && risk < values[worstFirst.peek()].valueAtRisk()) {
        continue; // below the current twentieth: cannot enter (ties go through the comparator)
      }
      if (customers.get(i).frequency() > 0 && !Double.isNaN(risk)) {
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

  /**
   * One row per customer, formatted straight into bytes (no {@code BigDecimal}, format string or
   * {@code String} per value), blocks of rows in parallel, written in order.
   */
  private static void writeCustomers(
      OutputStream w,
      List<CustomerSummary> customers,
      CustomerValuation[] values,
      List<RfmScore> rfm,
      int digits)
      throws IOException {
    w.write((CUSTOMER_COLUMNS + "\n").getBytes(StandardCharsets.UTF_8));
    byte[][] segments = new byte[RfmSegment.values().length][];
    for (RfmSegment s : RfmSegment.values()) {
      segments[s.ordinal()] = csvText(s.displayName()).getBytes(StandardCharsets.UTF_8);
    }
    int block = 8192;
    int blocks = (customers.size() + block - 1) / block;
    int batch = 16;
    for (int first = 0; first < blocks; first += batch) {
      int from = first;
      Bytes[] text = new Bytes[Math.min(batch, blocks - first)];
      IntStream.range(0, text.length)
          .parallel()
          .forEach(
              k -> {
                int start = (from + k) * block;
                int end = Math.min(customers.size(), start + block);
                Bytes b = new Bytes(160 * (end - start));
                for (int i = start; i < end; i++) {
                  row(b, customers.get(i), values[i], rfm.get(i), segments, digits);
                }
                text[k] = b;
              });
      for (Bytes t : text) {
        w.write(t.buf, 0, t.size);
      }
    }
    w.flush();
  }

  private static void row(
      Bytes b, CustomerSummary c, CustomerValuation v, RfmScore s, byte[][] segments, int digits) {
    String id = c.customerId().value();
    if (isPlainAscii(id)) {
      b.ascii(id);
    } else {
      b.bytes(csvText(id).getBytes(StandardCharsets.UTF_8));
    }
    b.comma().number(c.frequency()).comma();
    b.fixed(c.recency(), 4).comma().fixed(c.age(), 4).comma();
    b.date(c.firstPurchase()).comma().date(c.lastPurchase()).comma();
    b.minor(c.totalSpendMinor(), digits).comma();
    b.number(s.recency()).comma().number(s.frequency()).comma().number(s.monetary()).comma();
    b.number(s.recency()).number(s.frequency()).number(s.monetary()).comma();
    b.bytes(segments[s.segment().ordinal()]).comma();
    b.fixed(v.probabilityAlive(), 6).comma().fixed(v.expectedPurchases(), 4).comma();
    b.money(v.expectedSpend(), digits).comma().money(v.lifetimeValue(), digits).comma();
    b.money(v.valueAtRisk(), digits).newline();
  }

  private static boolean isPlainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == ',' || c == '"' || c == '\n' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  private static String csvText(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static final long[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  /** A growable byte buffer with the few formatters the customers file needs. */
  static final class Bytes {
    byte[] buf;
    int size;

    Bytes(int capacity) {
      buf = new byte[Math.max(64, capacity)];
    }

    private void room(int n) {
      if (size + n > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    Bytes ascii(String s) {
      room(s.length());
      for (int i = 0; i < s.length(); i++) {
        buf[size++] = (byte) s.charAt(i);
      }
      return this;
    }

    Bytes bytes(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    Bytes comma() {
      room(1);
      buf[size++] = ',';
      return this;
    }

    Bytes newline() {
      room(1);
      buf[size++] = '\n';
      return this;
    }

    Bytes number(long v) {
      room(20);
      if (v < 0) {
        buf[size++] = '-';
        v = -v;
      }
      if (v == 0) {
        buf[size++] = '0';
        return this;
      }
      int start = size;
      while (v > 0) {
        buf[size++] = (byte) ('0' + v % 10);
        v /= 10;
      }
      for (int i = start, j = size - 1; i < j; i++, j--) {
        byte t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
      }
      return this;
    }

    /** Zero-padded to {@code width} digits. */
    Bytes padded(long v, int width) {
      room(width);
      for (int i = width - 1; i >= 0; i--) {
        buf[size + i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      size += width;
      return this;
    }

    Bytes date(LocalDate d) {
      if (d.getYear() < 0 || d.getYear() > 9999) {
        return ascii(d.toString());
      }
      padded(d.getYear(), 4);
      ascii("-");
      padded(d.getMonthValue(), 2);
      ascii("-");
      return padded(d.getDayOfMonth(), 2);
    }

    /** Whole minor units in major units, e.g. 1234 with 2 digits as {@code 12.34}. */
    Bytes minor(long minor, int digits) {
      if (minor < 0) {
        ascii("-");
        minor = -minor;
      }
      if (digits == 0) {
        return number(minor);
      }
      number(minor / POW10[digits]);
      ascii(".");
      return padded(minor % POW10[digits], digits);
    }

    /** A real number with {@code places} decimals (half away from zero); empty if not finite. */
    Bytes fixed(double v, int places) {
      if (!Double.isFinite(v)) {
        return this;
      }
      if (Math.abs(v) >= 1e12) {
        return ascii(
            BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN).toPlainString());
      }
      long scaled = Math.round(Math.abs(v) * POW10[places]);
      if (v < 0 && scaled != 0) {
        ascii("-");
      }
      return minor(scaled, places);
    }

    /** A model expectation in minor units, in major units rounded to the minor unit. */
    Bytes money(double minor, int digits) {
      if (!Double.isFinite(minor) || Math.abs(minor) >= 1e17) {
        return this;
      }
      return minor(Math.round(minor), digits);
    }
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
