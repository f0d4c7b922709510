package dev.care.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws simple, readable charts as standalone SVG elements (valid XML), sized 720×300.
 * Deterministic: the same data gives the same bytes.
 */
public final class Svg {
  private static final int W = 720;
  private static final int H = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 150;
  private static final int TOP = 36;
  private static final int BOTTOM = 48;
  private static final String[] PALETTE = {
    "#2f6db5", "#e07b39", "#3a9a5b", "#c0392b", "#8e5bb5", "#7f8c8d", "#d4ac0d", "#16a085"
  };

  private Svg() {}

  /**
   * Escapes text for XML content and attributes.
   *
   * @param s the text
   * @return the escaped text
   */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String f(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String color(int i) {
    return PALETTE[i % PALETTE.length];
  }

  private static double niceMax(double max) {
    if (max <= 0) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * mag >= max) {
        return step * mag;
      }
    }
    return 10 * mag;
  }

  private static String label(double v) {
    if (Math.abs(v) >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", v / 1_000_000);
    }
    if (Math.abs(v) >= 10_000) {
      return String.format(Locale.ROOT, "%.0fk", v / 1000);
    }
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static StringBuilder frame(String title, List<String> xLabels, double max) {
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" role=\"img\" aria-label=\"")
        .append(esc(title))
        .append("\">");
    s.append("<title>").append(esc(title)).append("</title>");
    s.append("<rect x=\"0\" y=\"0\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" fill=\"#ffffff\"/>");
    s.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">")
        .append(esc(title))
        .append("</text>");
    double plotH = H - TOP - BOTTOM;
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4;
      s.append("<line x1=\"")
          .append(LEFT)
          .append("\" y1=\"")
          .append(f(y))
          .append("\" x2=\"")
          .append(W - RIGHT)
          .append("\" y2=\"")
          .append(f(y))
          .append("\" stroke=\"#e3e3e3\"/>");
      s.append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(f(y + 4))
          .append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">")
          .append(esc(label(max * i / 4)))
          .append("</text>");
    }
    int n = xLabels.size();
    // skip labels so that none overlaps: about 6.5 px per character at 11 px, plus a gap
    int longest = xLabels.stream().mapToInt(String::length).max().orElse(1);
    double slot = (double) (W - RIGHT - LEFT) / Math.max(1, n);
    int every = Math.max(1, (int) Math.ceil((longest * 6.5 + 10) / slot));
    for (int i = 0; i < n; i += every) {
      double x = xCenter(i, n);
      s.append("<text x=\"")
          .append(f(x))
          .append("\" y=\"")
          .append(H - BOTTOM + 18)
          .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">")
          .append(esc(xLabels.get(i)))
          .append("</text>");
    }
    return s;
  }

  private static double xCenter(int i, int n) {
    double plotW = W - LEFT - RIGHT;
    return LEFT + plotW * (i + 0.5) / Math.max(1, n);
  }

  private static void legend(StringBuilder s, List<Series> series) {
    for (int i = 0; i < series.size(); i++) {
      int y = TOP + 8 + i * 18;
      s.append("<rect x=\"")
          .append(W - RIGHT + 12)
          .append("\" y=\"")
          .append(y - 9)
          .append("\" width=\"10\" height=\"10\" fill=\"")
          .append(color(i))
          .append("\"/>");
      s.append("<text x=\"")
          .append(W - RIGHT + 27)
          .append("\" y=\"")
          .append(y)
          .append("\" font-size=\"11\" fill=\"#333\">")
          .append(esc(series.get(i).name()))
          .append("</text>");
    }
  }

  private static void checkLengths(List<String> xLabels, List<Series> series) {
    for (Series ser : series) {
      if (ser.values().size() != xLabels.size()) {
        throw new IllegalArgumentException(
            "series "
                + ser.name()
                + " has "
                + ser.values().size()
                + " values for "
                + xLabels.size()
                + " labels");
      }
    }
  }

  /**
   * A line chart, one line per series.
   *
   * @param title the title
   * @param xLabels one label per x position
   * @param series the lines, each with one value per label
   * @return the SVG element
   */
  public static String lineChart(String title, List<String> xLabels, List<Series> series) {
    checkLengths(xLabels, series);
    double max =
        niceMax(
            series.stream().flatMap(x -> x.values().stream()).mapToDouble(d -> d).max().orElse(0));
    StringBuilder s = frame(title, xLabels, max);
    double plotH = H - TOP - BOTTOM;
    for (int k = 0; k < series.size(); k++) {
      List<String> pts = new ArrayList<>();
      List<Double> v = series.get(k).values();
      for (int i = 0; i < v.size(); i++) {
        pts.add(
            f(xCenter(i, v.size())) + "," + f(TOP + plotH - plotH * Math.max(0, v.get(i)) / max));
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"")
          .append(color(k))
          .append("\" points=\"")
          .append(String.join(" ", pts))
          .append("\"/>");
    }
    legend(s, series);
    return s.append("</svg>").toString();
  }

  /**
   * A stacked bar chart: at each x position, one bar stacked from every series.
   *
   * @param title the title
   * @param xLabels one label per bar
   * @param series the stacked parts, each with one non-negative value per label
   * @return the SVG element
   */
  public static String stackedBars(String title, List<String> xLabels, List<Series> series) {
    checkLengths(xLabels, series);
    int n = xLabels.size();
    double[] totals = new double[n];
    for (Series ser : series) {
      for (int i = 0; i < n; i++) {
        totals[i] += Math.max(0, ser.values().get(i));
      }
    }
    double max = niceMax(java.util.Arrays.stream(totals).max().orElse(0));
    StringBuilder s = frame(title, xLabels, max);
    double plotH = H - TOP - BOTTOM;
    double barW = (W - LEFT - RIGHT) / Math.max(1.0, n) * 0.7;
    double[] base = new double[n];
    for (int k = 0; k < series.size(); k++) {
      for (int i = 0; i < n; i++) {
        double v = Math.max(0, series.get(k).values().get(i));
        double h = plotH * v / max;
        double y = TOP + plotH - plotH * base[i] / max - h;
        s.append("<rect x=\"")
            .append(f(xCenter(i, n) - barW / 2))
            .append("\" y=\"")
            .append(f(y))
            .append("\" width=\"")
            .append(f(barW))
            .append("\" height=\"")
            .append(f(h))
            .append("\" fill=\"")
            .append(color(k))
            .append("\"><title>")
            .append(esc(series.get(k).name() + " " + xLabels.get(i) + ": " + label(v)))
            .append("</title></rect>");
        base[i] += v;
      }
    }
    legend(s, series);
    return s.append("</svg>").toString();
  }

  /**
   * A plain bar chart (also used as a histogram).
   *
   * @param title the title
   * @param labels one label per bar
   * @param values one non-negative value per bar
   * @return the SVG element
   */
  public static String bars(String title, List<String> labels, List<Double> values) {
    return stackedBars(title, labels, List.of(new Series("count", values)));
  }
}
