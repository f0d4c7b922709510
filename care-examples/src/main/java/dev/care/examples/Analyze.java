package dev.care.examples;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.care.core.customer.CustomerId;
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
import dev.care.rules.analytics.Transaction;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code analyze} command: {@code analyze FILE.csv [--calibration-end YYYY-MM-DD] [--time-unit
 * days|weeks] [--horizon N] [--out FILE] [--currency CODE] [--annual-discount-rate R]}.
 *
 * <p>Reads a transactions CSV with the header {@code customer_id,date,amount} (ISO dates; amounts
 * as decimals in the currency's major unit, e.g. {@code 12.34}, converted to minor units exactly;
 * zero is a valid purchase). Rows that cannot be read are reported on standard error with their
 * line number and skipped; a file without a single valid row is an error (exit code 1). Fits BG/NBD
 * and Gamma-Gamma and prints JSON:
 *
 * <pre>
 * {"customers": N, "bgnbd": {"r", "alpha", "a", "b", "logLikelihood"},
 *  "gammaGamma": {"p", "q", "gamma"}, "top": [...]}
 * </pre>
 *
 * {@code alpha} is in periods of the time unit; {@code gamma} in major units of the currency.
 * {@code top} lists up to 20 customers at risk, ranked by value at risk = {@code (1 − P(alive)) ×
 * CLV / P(alive)} — the lifetime value they would bring if alive, weighted by the probability they
 * are gone — highest first, ties by customer id; one-time buyers (P(alive) = 1 in BG/NBD) are not
 * ranked. CLV is over {@code --horizon} periods (default 52 weeks or 365 days), discounted per
 * period at the rate equivalent to {@code --annual-discount-rate} (default 0.10).
 */
final class Analyze {
  static final int TOP = 20;

  private record Options(
      Path file,
      LocalDate calibrationEnd,
      PeriodUnit unit,
      int horizon,
      Path out,
      Currency currency,
      double annualDiscountRate) {}

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (UsageException e) {
      err.println("analyze: " + e.getMessage());
      err.println(
          "usage: java -jar care-examples.jar analyze FILE.csv [--calibration-end YYYY-MM-DD]"
              + " [--time-unit days|weeks] [--horizon N] [--out FILE] [--currency CODE]"
              + " [--annual-discount-rate R]");
      return 2;
    }
    List<Transaction> transactions;
    try {
      transactions = read(o, err);
    } catch (IOException | RuntimeException e) {
      err.println("analyze: cannot read " + o.file() + ": " + e.getMessage());
      return 1;
    }
    if (transactions.isEmpty()) {
      err.println("analyze: " + o.file() + " has no valid transaction rows");
      return 1;
    }
    LocalDate end =
        o.calibrationEnd() != null
            ? o.calibrationEnd()
            : CustomerSummaries.latestDate(transactions);
    List<CustomerSummary> customers = CustomerSummaries.of(transactions, end, o.unit());
    if (customers.isEmpty()) {
      err.println("analyze: no transaction on or before the calibration end " + end);
      return 1;
    }
    BgNbdFit bg;
    GammaGammaFit gg;
    try {
      bg = BgNbdFitter.defaults().fit(customers);
      gg = GammaGammaFitter.defaults().fit(customers);
    } catch (IllegalArgumentException e) {
      err.println("analyze: cannot fit the models: " + e.getMessage());
      return 1;
    }
    if (!bg.converged()) {
      err.println("analyze: warning: the BG/NBD fit did not converge");
    }
    if (!gg.converged()) {
      err.println("analyze: warning: the Gamma-Gamma fit did not converge");
    }
    String json;
    try {
      json = render(o, customers, end, bg, gg);
    } catch (IOException e) {
      err.println("analyze: " + e.getMessage());
      return 1;
    }
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

  private static Options parse(String[] args) throws UsageException {
    Path file = null;
    LocalDate end = null;
    PeriodUnit unit = PeriodUnit.WEEKS;
    Integer horizon = null;
    Path out = null;
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
          if (horizon < 1) {
            throw new UsageException("--horizon must be a whole number >= 1, got '" + v + "'");
          }
        }
        case "--out" -> out = Path.of(v);
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
    return new Options(file, end, unit, h, out, currency, rate);
  }

  /** Reads valid rows; reports each bad row with its line number (one record per line). */
  private static List<Transaction> read(Options o, PrintStream err) throws IOException {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<Transaction> out = new ArrayList<>();
    int digits = o.currency().getDefaultFractionDigits();
    try (Reader reader = Files.newBufferedReader(o.file(), StandardCharsets.UTF_8);
        MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(reader)) {
      if (!rows.hasNext()) {
        return out;
      }
      String[] header = rows.next();
      List<String> names = new ArrayList<>();
      for (String h : header) {
        names.add(h.strip().toLowerCase(Locale.ROOT));
      }
      if (!names.equals(List.of("customer_id", "date", "amount"))) {
        throw new IOException(
            "line 1: header must be customer_id,date,amount, got " + String.join(",", header));
      }
      int line = 1;
      while (rows.hasNext()) {
        String[] row = rows.next();
        line++;
        if (row.length == 1 && row[0].isBlank()) {
          continue;
        }
        try {
          out.add(parseRow(row, digits));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
          err.println("line " + line + ": " + e.getMessage() + " (skipped)");
        }
      }
    }
    return out;
  }

  private static Transaction parseRow(String[] row, int digits) {
    if (row.length != 3) {
      throw new IllegalArgumentException("expected 3 fields, got " + row.length);
    }
    CustomerId id = CustomerId.of(row[0].strip());
    LocalDate date;
    try {
      date = LocalDate.parse(row[1].strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date must be YYYY-MM-DD, got '" + row[1] + "'", e);
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(row[2].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "amount must be a decimal number, got '" + row[2] + "'", e);
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must be >= 0, got " + row[2].strip());
    }
    long minor;
    try {
      minor = amount.movePointRight(digits).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount must have at most " + digits + " decimals, got " + row[2].strip(), e);
    }
    return new Transaction(id, date, minor);
  }

  private static String render(
      Options o, List<CustomerSummary> customers, LocalDate end, BgNbdFit bg, GammaGammaFit gg)
      throws IOException {
    int digits = o.currency().getDefaultFractionDigits();
    double perPeriod = Math.pow(1 + o.annualDiscountRate(), o.unit().days() / 365.0) - 1;
    List<RfmScore> rfm = RfmScorer.score(customers, end);
    record Row(CustomerSummary c, CustomerValuation v, RfmScore s) {}
    Map<CustomerId, Integer> index = new HashMap<>();
    for (int i = 0; i < customers.size(); i++) {
      index.put(customers.get(i).customerId(), i);
    }
    List<Row> ranked = new ArrayList<>();
    for (CustomerValuation v :
        CustomerValuation.rankByValueAtRisk(
            bg.model(), gg.model(), customers, o.horizon(), perPeriod)) {
      int i = index.get(v.customerId());
      ranked.add(new Row(customers.get(i), v, rfm.get(i)));
    }

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
    ArrayNode top = root.putArray("top");
    for (Row r : ranked.subList(0, Math.min(TOP, ranked.size()))) {
      ObjectNode n = top.addObject();
      n.put("customerId", r.c().customerId().value());
      n.put("frequency", r.c().frequency());
      n.put("recency", round(r.c().recency(), 4));
      n.put("age", round(r.c().age(), 4));
      n.put("lastPurchase", r.c().lastPurchase().toString());
      n.put("totalSpend", BigDecimal.valueOf(r.c().totalSpendMinor(), digits));
      n.put("probabilityAlive", round(r.v().probabilityAlive(), 6));
      n.put("expectedPurchases", round(r.v().expectedPurchases(), 4));
      n.put("expectedSpend", money(r.v().expectedSpend(), digits));
      n.put("lifetimeValue", money(r.v().lifetimeValue(), digits));
      n.put("valueAtRisk", money(r.v().valueAtRisk(), digits));
      n.put("rfm", r.s().code());
      n.put("segment", r.s().segment().displayName());
    }
    return json.writeValueAsString(root);
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
