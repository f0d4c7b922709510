package dev.care.examples.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlReportTest {
  private static Document parse(String html) throws Exception {
    String xml = html.replaceFirst("<!DOCTYPE html>\n", "");
    var f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void render_isWellFormed_selfContained_andEscapesText() throws Exception {
    List<String> months = List.of("Jan", "Feb", "Mar");
    String html =
        new HtmlReport("Salon <report> & co")
            .paragraph("5 < 6")
            .table(
                List.of("stage", "members"), List.of(List.of("MATURE", "12"), List.of("<b>", "3")))
            .chart(
                Svg.lineChart(
                    "Liability", months, List.of(new Series("points", List.of(1.0, 5.0, 3.0)))))
            .chart(
                Svg.stackedBars(
                    "Stages",
                    months,
                    List.of(
                        new Series("NEW", List.of(1.0, 2.0, 3.0)),
                        new Series("LAPSED", List.of(0.0, 1.0, 4.0)))))
            .chart(Svg.bars("Histogram", List.of("0-20", "20-40"), List.of(3.0, 9.0)))
            .render();
    Document doc = parse(html);
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength())
        .isEqualTo(3);
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain(" src=")
        .doesNotContain("href=")
        .doesNotContain("@import");
    assertThat(html)
        .contains("Salon &lt;report&gt; &amp; co")
        .contains("&lt;b&gt;")
        .doesNotContain("<b>");
    assertThat(html.replace("http://www.w3.org/", "")).doesNotContain("http");
  }

  @Test
  void charts_areDeterministic_andScaleToNiceMaximum() {
    String a = Svg.lineChart("t", List.of("a", "b"), List.of(new Series("s", List.of(0.0, 730.0))));
    String b = Svg.lineChart("t", List.of("a", "b"), List.of(new Series("s", List.of(0.0, 730.0))));
    assertThat(a).isEqualTo(b);
    // 730 rounds up to an 800 axis (its quarters are round); the labels read 200, 400, 600, 800
    assertThat(a).contains(">800<").contains(">400<").contains(">200<").doesNotContain(">1000<");
  }

  @Test
  void charts_mismatchedLengthsOrNonFiniteValues_throw() {
    assertThatThrownBy(
            () -> Svg.lineChart("t", List.of("a"), List.of(new Series("s", List.of(1.0, 2.0)))))
        .hasMessageContaining("series s has 2 values for 1 labels");
    assertThatThrownBy(() -> new Series("s", List.of(Double.NaN)))
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> new HtmlReport("x").chart("<div/>")).hasMessageContaining("<svg>");
  }
}
