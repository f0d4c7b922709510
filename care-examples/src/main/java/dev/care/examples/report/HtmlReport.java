package dev.care.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A single self-contained HTML page: a title, summary tables and charts. No script, no stylesheet
 * link, no image file, no font download: it opens offline in any browser. The page is also
 * well-formed XML, which the tests check.
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
   * Adds a table.
   *
   * @param header column names
   * @param rows rows of cells (plain text, escaped)
   * @return this
   */
  public HtmlReport table(List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder("<table><thead><tr>");
    for (String h : header) {
      b.append("<th>").append(Svg.esc(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      b.append("<tr>");
      for (String c : row) {
        b.append("<td>").append(Svg.esc(c)).append("</td>");
      }
      b.append("</tr>");
    }
    parts.add(b.append("</tbody></table>").toString());
    return this;
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
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;")
        .append("max-width:900px;color:#222;background:#fafafa}")
        .append("h1{font-size:24px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}")
        .append("table{border-collapse:collapse;margin:8px 0;font-size:13px}")
        .append(
            "th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}th{background:#f0f0f0}")
        .append(
            "figure{margin:12px 0;background:#fff;border:1px solid #e5e5e5;display:inline-block}")
        .append(
            "pre{font-size:11.5px;background:#fff;border:1px solid #e5e5e5;padding:10px;"
                + "white-space:pre-wrap}")
        .append("</style></head><body>")
        .append("<h1>")
        .append(Svg.esc(title))
        .append("</h1>");
    for (String p : parts) {
      b.append(p).append('\n');
    }
    return b.append("</body></html>\n").toString();
  }
}
