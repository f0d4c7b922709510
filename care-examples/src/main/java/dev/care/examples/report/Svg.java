package dev.care.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws simple, readable charts as standalone SVG elements (valid XML) that scale to the width of
 * their container ({@code viewBox}, {@code width="100%"}): 600 units wide, with large axis labels
 * so they stay legible on a phone, and the legend below the plot. Each chart carries a text
 * alternative: {@code <title>} (its name) and {@code <desc>} (the data in words), referenced by
 * {@code aria-labelledby}. Deterministic: the same data gives the same bytes.
 */
public final class Svg {
  private static final int W = 600;
  private static final int LEFT = 62;
  private static final int RIGHT = 14;
  private static final int TOP = 14;
  private static final int PLOT_H = 220;
  private static final int AXIS = 38;
  private static final int LEGEND_ROW = 24;
  private static final int FONT = 16;
  private static final double CHAR = 8.9;
  // Okabe-Ito-like, each at least 3:1 against white
  private static final String[] PALETTE = {
    "#1f5fa8", "#c4510f", "#217a43", "#b02a37", "#7346a6", "#5a6469", "#8a6d00", "#0b7a75"
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
    // steps whose quarters are round (the axis has four intervals): 250 would label 62.5
    for (double step : new double[] {1, 2, 4, 6, 8, 10}) {
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

  private static int legendRows(List<Series> series) {
    if (series.size() < 2) {
      return 0;
    }
    int rows = 1;
    double x = LEFT;
    for (Series ser : series) {
      double w = legendWidth(ser);
      if (x + w > W - RIGHT && x > LEFT) {
        rows++;
        x = LEFT;
      }
      x += w;
    }
    return rows;
  }

  private static double legendWidth(Series ser) {
    return 24 + ser.name().length() * CHAR + 18;
  }

  private static int height(List<Series> series) {
    return TOP + PLOT_H + AXIS + legendRows(series) * LEGEND_ROW + 6;
  }

  private static String id(String title) {
    String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return "chart-" + slug.replaceAll("^-|-$", "");
  }

  /** The data in words: each series' first, last and largest value. */
  private static String describe(String unit, List<String> xLabels, List<Series> series) {
    if (xLabels.isEmpty()) {
      return "No data.";
    }
    List<String> parts = new ArrayList<>();
    String first = xLabels.get(0);
    String last = xLabels.get(xLabels.size() - 1);
    for (Series ser : series) {
      List<Double> v = ser.values();
      double max = v.stream().mapToDouble(d -> d).max().orElse(0);
      int at = v.indexOf(max);
      String name = ser.name().equals("count") ? "" : ser.name() + ": ";
      parts.add(
          name
              + (xLabels.size() == 1
                  ? words(v.get(0)) + " in " + first
                  : words(v.get(0))
                      + " in "
                      + first
                      + ", "
                      + words(v.get(v.size() - 1))
                      + " in "
                      + last
                      + ", highest "
                      + words(max)
                      + " in "
                      + xLabels.get(at)));
    }
    return (unit.isEmpty() ? "" : "Values in " + unit + ". ") + String.join("; ", parts) + ".";
  }

  private static String words(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }

  private static StringBuilder frame(
      String title, String unit, List<String> xLabels, List<Series> series, double max) {
    int h = height(series);
    String id = id(title);
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(h)
        .append("\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\"")
        .append(" aria-labelledby=\"")
        .append(id)
        .append("-t ")
        .append(id)
        .append("-d\">");
    s.append("<title id=\"").append(id).append("-t\">").append(esc(title)).append("</title>");
    s.append("<desc id=\"")
        .append(id)
        .append("-d\">")
        .append(esc(describe(unit, xLabels, series)))
        .append("</desc>");
    s.append("<rect x=\"0\" y=\"0\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(h)
        .append("\" fill=\"#ffffff\"/>");
    for (int i = 0; i <= 4; i++) {
      double y = TOP + PLOT_H - PLOT_H * i / 4.0;
      s.append("<line x1=\"")
          .append(LEFT)
          .append("\" y1=\"")
          .append(f(y))
          .append("\" x2=\"")
          .append(W - RIGHT)
          .append("\" y2=\"")
          .append(f(y))
          .append("\" stroke=\"")
          .append(i == 0 ? "#8a8a8a" : "#dddddd")
          .append("\"/>");
      s.append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(f(y + 5))
          .append("\" font-size=\"")
          .append(FONT)
          .append("\" text-anchor=\"end\" fill=\"#3d3d3d\">")
          .append(esc(label(max * i / 4)))
          .append("</text>");
    }
    int n = xLabels.size();
    // skip labels so that none overlaps
    int longest = xLabels.stream().mapToInt(String::length).max().orElse(1);
    double slot = (double) (W - RIGHT - LEFT) / Math.max(1, n);
    int every = Math.max(1, (int) Math.ceil((longest * CHAR + 12) / slot));
    for (int i = 0; i < n; i += every) {
      s.append("<text x=\"")
          .append(f(xCenter(i, n)))
          .append("\" y=\"")
          .append(TOP + PLOT_H + 24)
          .append("\" font-size=\"")
          .append(FONT)
          .append("\" text-anchor=\"middle\" fill=\"#3d3d3d\">")
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
    if (series.size() < 2) {
      return;
    }
    double x = LEFT;
    int y = TOP + PLOT_H + AXIS + 16;
    for (int i = 0; i < series.size(); i++) {
      double w = legendWidth(series.get(i));
      if (x + w > W - RIGHT && x > LEFT) {
        x = LEFT;
        y += LEGEND_ROW;
      }
      s.append("<rect x=\"")
          .append(f(x))
          .append("\" y=\"")
          .append(y - 11)
          .append("\" width=\"14\" height=\"14\" fill=\"")
          .append(color(i))
          .append("\"/>");
      s.append("<text x=\"")
          .append(f(x + 20))
          .append("\" y=\"")
          .append(y + 1)
          .append("\" font-size=\"")
          .append(FONT)
          .append("\" fill=\"#222222\">")
          .append(esc(series.get(i).name()))
          .append("</text>");
      x += w;
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
   * @param title the title (also the chart's accessible name)
   * @param xLabels one label per x position
   * @param series the lines, each with one value per label
   * @return the SVG element
   */
  public static String lineChart(String title, List<String> xLabels, List<Series> series) {
    return lineChart(title, "", xLabels, series);
  }

  /**
   * A line chart, one line per series, with the unit its values are in.
   *
   * @param title the title (also the chart's accessible name)
   * @param unit what the values count ("points", "EUR"), said in the text alternative; may be empty
   * @param xLabels one label per x position
   * @param series the lines, each with one value per label
   * @return the SVG element
   */
  public static String lineChart(
      String title, String unit, List<String> xLabels, List<Series> series) {
    checkLengths(xLabels, series);
    double max =
        niceMax(
            series.stream().flatMap(x -> x.values().stream()).mapToDouble(d -> d).max().orElse(0));
    StringBuilder s = frame(title, unit, xLabels, series, max);
    for (int k = 0; k < series.size(); k++) {
      List<String> pts = new ArrayList<>();
      List<Double> v = series.get(k).values();
      for (int i = 0; i < v.size(); i++) {
        pts.add(
            f(xCenter(i, v.size())) + "," + f(TOP + PLOT_H - PLOT_H * Math.max(0, v.get(i)) / max));
      }
      s.append("<polyline fill=\"none\" stroke-width=\"3\" stroke=\"")
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
   * @param title the title (also the chart's accessible name)
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
    StringBuilder s = frame(title, "", xLabels, series, max);
    double barW = (W - LEFT - RIGHT) / Math.max(1.0, n) * 0.7;
    double[] base = new double[n];
    for (int k = 0; k < series.size(); k++) {
      for (int i = 0; i < n; i++) {
        double v = Math.max(0, series.get(k).values().get(i));
        double h = PLOT_H * v / max;
        double y = TOP + PLOT_H - PLOT_H * base[i] / max - h;
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
   * @param title the title (also the chart's accessible name)
   * @param labels one label per bar
   * @param values one non-negative value per bar
   * @return the SVG element
   */
  public static String bars(String title, List<String> labels, List<Double> values) {
    return stackedBars(title, labels, List.of(new Series("count", values)));
  }
}
