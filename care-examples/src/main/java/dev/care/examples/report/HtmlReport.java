package dev.care.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A single self-contained HTML page: a title, KPI tiles, captioned charts, tables and notes. No
 * script, no stylesheet link, no image file, no font download: it opens offline in any browser.
 * Responsive (the charts scale to the page; wide tables scroll inside their box, never the page),
 * printable (a print style sheet drops the backgrounds and keeps charts and table rows whole) and
 * accessible (each chart has a title and a description in words, text contrast is at least 4.5:1).
 * The page is also well-formed XML, which the tests check.
 */
public final class HtmlReport {
  private final String title;
  private final List<String> parts = new ArrayList<>();

  /**
   * Starts a report.
   *
   * @param title the page title
   */
  public HtmlReport(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  /**
   * Adds a paragraph.
   *
   * @param text plain text (escaped)
   * @return this
   */
  public HtmlReport paragraph(String text) {
    parts.add("<p>" + Svg.esc(text) + "</p>");
    return this;
  }

  /**
   * Adds preformatted text (kept as is, in a monospaced block).
   *
   * @param text plain text (escaped)
   * @return this
   */
  public HtmlReport preformatted(String text) {
    parts.add("<pre>" + Svg.esc(text) + "</pre>");
    return this;
  }

  /**
   * Adds a section heading.
   *
   * @param text plain text (escaped)
   * @return this
   */
  public HtmlReport heading(String text) {
    parts.add("<h2>" + Svg.esc(text) + "</h2>");
    return this;
  }

  /**
   * Adds a note: a short explanation in smaller type under a figure or table.
   *
   * @param text plain text (escaped)
   * @return this
   */
  public HtmlReport note(String text) {
    parts.add("<p class=\"note\">" + Svg.esc(text) + "</p>");
    return this;
  }

  /**
   * Adds a row of KPI tiles.
   *
   * @param tiles the tiles, in reading order
   * @return this
   */
  public HtmlReport tiles(List<Tile> tiles) {
    StringBuilder b = new StringBuilder("<section class=\"tiles\" aria-label=\"key figures\">");
    for (Tile t : tiles) {
      b.append("<div class=\"tile\"><div class=\"label\">")
          .append(Svg.esc(t.label()))
          .append("</div><div class=\"value\">")
          .append(Svg.esc(t.value()))
          .append("</div>");
      if (!t.note().isEmpty()) {
        b.append("<div class=\"sub\">").append(Svg.esc(t.note())).append("</div>");
      }
      b.append("</div>");
    }
    parts.add(b.append("</section>").toString());
    return this;
  }

  /**
   * Adds a table; cells that hold a number (they start with a digit, a minus sign, or a currency
   * code and a digit) are right-aligned.
   *
   * @param header column names
   * @param rows rows of cells (plain text, escaped)
   * @return this
   */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<div class=\"scroll\"><table><thead><tr>");
    for (String h : header) {
      b.append("<th scope=\"col\">").append(Svg.esc(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      b.append("<tr>");
      for (String c : row) {
        b.append(numeric(c) ? "<td class=\"num\">" : "<td>").append(Svg.esc(c)).append("</td>");
      }
      b.append("</tr>");
    }
    parts.add(b.append("</tbody></table></div>").toString());
    return this;
  }

  private static boolean numeric(String cell) {
    String s = cell.replaceFirst("^-?[A-Z]{3} ", "");
    return !s.isEmpty()
        && (Character.isDigit(s.charAt(0)) || (s.charAt(0) == '-' && s.length() > 1))
        && !s.contains(" (")
        && !s.contains(";");
  }

  /**
   * Adds a chart made by {@link Svg}.
   *
   * @param svg the SVG element
   * @return this
   */
  public HtmlReport chart(String svg) {
    if (!svg.startsWith("<svg ")) {
      throw new IllegalArgumentException("chart must be an <svg> element");
    }
    parts.add("<figure>" + svg + "</figure>");
    return this;
  }

  /**
   * Adds a chart made by {@link Svg} under a heading, with a one-sentence caption saying what to
   * look at.
   *
   * @param heading the chart's heading (plain text, escaped)
   * @param svg the SVG element
   * @param caption what to look at (plain text, escaped)
   * @return this
   */
  public HtmlReport chart(String heading, String svg, String caption) {
    if (!svg.startsWith("<svg ")) {
      throw new IllegalArgumentException("chart must be an <svg> element");
    }
    parts.add(
        "<figure><h3>"
            + Svg.esc(heading)
            + "</h3>"
            + svg
            + "<figcaption>"
            + Svg.esc(caption)
            + "</figcaption></figure>");
    return this;
  }

  /**
   * The page.
   *
   * @return the HTML document
   */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>")
        .append("<meta charset=\"utf-8\"/>")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        .append("<title>")
        .append(Svg.esc(title))
        .append("</title>")
        .append("<style>")
        .append(
            "*{box-sizing:border-box}body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
                + "sans-serif;margin:0 auto;padding:16px;max-width:1100px;color:#1b1b1b;"
                + "background:#f6f6f4;line-height:1.45}")
        .append("h1{font-size:1.5rem;margin:8px 0 4px}")
        .append(
            "h2{font-size:1.2rem;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid #ccc}")
        .append("h3{font-size:1rem;margin:0 0 6px}")
        .append("p{margin:6px 0}.note{font-size:.875rem;color:#4a4a4a;margin:4px 0}")
        .append(
            ".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(175px,1fr));"
                + "gap:10px;margin:12px 0}")
        .append(
            ".tile{background:#fff;border:1px solid #d6d6d6;border-radius:8px;padding:10px 12px}")
        .append(".tile .label{font-size:.8rem;color:#4a4a4a;text-transform:uppercase;")
        .append("letter-spacing:.03em}.tile .value{font-size:1.25rem;font-weight:650}")
        .append(".tile .sub{font-size:.8rem;color:#4a4a4a}")
        .append(
            ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),"
                + "1fr));gap:14px}")
        .append(
            "figure{margin:0;background:#fff;border:1px solid #d6d6d6;border-radius:8px;"
                + "padding:12px;min-width:0}")
        .append("figure svg{display:block;width:100%;height:auto}")
        .append("figcaption{font-size:.9rem;color:#333;margin-top:6px}")
        .append(".scroll{overflow-x:auto;max-width:100%}")
        .append("table{border-collapse:collapse;margin:8px 0;font-size:.9rem;background:#fff}")
        .append(
            "th,td{border:1px solid #d6d6d6;padding:5px 10px;text-align:left;vertical-align:top}")
        .append("th{background:#ececea}td.num{text-align:right}")
        .append("td:not(:last-child),th{white-space:nowrap}td:last-child:not(.num){min-width:14em}")
        .append(
            "pre{font-size:.75rem;background:#fff;border:1px solid #d6d6d6;padding:10px;"
                + "white-space:pre-wrap;overflow-wrap:anywhere}")
        .append(
            "@media (max-width:480px){body{padding:10px}th,td{padding:4px 6px}"
                + ".tile .value{font-size:1.1rem}}")
        .append(
            "@media print{body{background:#fff;max-width:none;padding:0}"
                + ".tile,figure{border-color:#999;break-inside:avoid}"
                + ".charts{display:block}figure{margin:0 0 12px}tr{break-inside:avoid}"
                + "h2{break-after:avoid}.scroll{overflow:visible}}")
        .append("</style></head><body>")
        .append("<h1>")
        .append(Svg.esc(title))
        .append("</h1>");
    // consecutive captioned charts share a grid: two side by side on a wide screen, one on a phone
    boolean inGrid = false;
    for (String p : parts) {
      boolean grid = p.startsWith("<figure><h3>");
      if (grid != inGrid) {
        b.append(grid ? "<div class=\"charts\">\n" : "</div>\n");
        inGrid = grid;
      }
      b.append(p).append('\n');
    }
    if (inGrid) {
      b.append("</div>\n");
    }
    return b.append("</body></html>\n").toString();
  }
}
