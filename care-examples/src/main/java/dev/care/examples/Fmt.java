package dev.care.examples;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * The demo's number formats, one for each kind of figure, used by the console summary and the HTML
 * report alike: counts with thousands separators, money as "EUR 1,234.50" from exact minor units,
 * shares and probabilities with a fixed number of decimals, and a count with its noun in the right
 * number ("1 month", "2 months").
 */
final class Fmt {
  private Fmt() {}

  /** A count: 1,234,567. */
  static String n(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  /** A count and its noun, singular for exactly one: "1 day", "12 days". */
  static String count(long count, String noun) {
    return n(count) + " " + (count == 1 ? noun : noun + "s");
  }

  /** Money from exact minor units: "EUR 1,234.50", "-EUR 3.00". */
  static String money(long minor, Currency currency) {
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    long scale = (long) Math.pow(10, digits);
    long abs = Math.abs(minor);
    String units = n(abs / scale);
    String cents =
        digits == 0 ? "" : "." + String.format(Locale.ROOT, "%0" + digits + "d", abs % scale);
    return (minor < 0 ? "-" : "") + currency.getCurrencyCode() + " " + units + cents;
  }

  /** A share of a whole, as a percentage with one decimal: "12.5 %". */
  static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f %%", whole == 0 ? 0.0 : 100.0 * part / whole);
  }

  /** A probability with two decimals: "0.08". */
  static String probability(double p) {
    return String.format(Locale.ROOT, "%.2f", p);
  }

  /** An index value with one decimal: "53.4". */
  static String index(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * Lays out a table in plain text: a header, a rule, and rows; columns padded to their widest
   * cell, numbers (cells that start with a digit, a sign or a currency code followed by a digit)
   * right-aligned.
   *
   * @param indent spaces before each line
   * @param header column names
   * @param rows the rows, each as long as the header
   * @return the lines
   */
  static List<String> table(int indent, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    boolean[] numeric = new boolean[header.size()];
    for (int c = 0; c < header.size(); c++) {
      width[c] = header.get(c).length();
      numeric[c] = !rows.isEmpty();
    }
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "row " + row + " has " + row.size() + " cells for " + header.size() + " columns");
      }
      for (int c = 0; c < row.size(); c++) {
        width[c] = Math.max(width[c], row.get(c).length());
        numeric[c] &= isNumber(row.get(c));
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(line(indent, header, width, numeric));
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    lines.add(line(indent, rule, width, new boolean[width.length]));
    for (List<String> row : rows) {
      lines.add(line(indent, row, width, numeric));
    }
    return lines;
  }

  private static boolean isNumber(String cell) {
    String s = cell.replaceFirst("^-?[A-Z]{3} ", "");
    return !s.isEmpty()
        && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-')
        && !s.contains(" (");
  }

  private static String line(int indent, List<String> cells, int[] width, boolean[] right) {
    StringBuilder b = new StringBuilder(" ".repeat(indent));
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      b.append(right[c] ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
      if (c < cells.size() - 1) {
        b.append("  ");
      }
    }
    return b.toString().stripTrailing();
  }
}
