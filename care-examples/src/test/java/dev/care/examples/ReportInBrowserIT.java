package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The demo's HTML report as a browser shows it: a small demo run, its report loaded in headless
 * Chromium at a phone's width (390 px) and a laptop's (1,280 px), driven over the DevTools protocol
 * (the JDK's WebSocket and Jackson, no browser-automation library). At both widths the page must
 * not scroll sideways and every chart must have a text alternative; full-page screenshots are kept
 * in {@code target/report-screenshots/} (README's {@code docs/report.png} is the 1,280 px one).
 *
 * <p>Chromium is Debian's {@code chromium} package: when {@code /usr/bin/chromium} is missing and
 * the build runs as root with apt, the test installs it; otherwise it fails saying how to install
 * it. {@code -Dcare.browser.skip=true} skips the check with a warning.
 */
class ReportInBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path OUT = Path.of("target", "report-screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void report_atPhoneAndLaptopWidth_hasNoSidewaysScroll_andTextForEveryChart() throws Exception {
    if (Boolean.getBoolean("care.browser.skip")) {
      System.err.println(
          "WARNING: care.browser.skip=true: the demo report is NOT checked in a browser");
      Assumptions.abort("care.browser.skip=true");
    }
    Path chromium = chromium();
    Files.createDirectories(OUT);
    Path report = OUT.resolve("report.html").toAbsolutePath();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {
              "demo", "--members", "600", "--months", "12", "--report", report.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

    Path profile = Files.createTempDirectory("care-chromium");
    Process browser =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (DevTools devTools = DevTools.connect(profile.resolve("DevToolsActivePort"), browser)) {
      for (int width : new int[] {390, 1280}) {
        JsonNode page = devTools.load(report.toUri().toString(), width);
        assertThat(page.path("scrollWidth").asInt())
            .as("page width at %d px (no sideways scroll): %s", width, page)
            .isLessThanOrEqualTo(page.path("innerWidth").asInt());
        assertThat(page.path("charts").asInt()).as("charts").isEqualTo(7);
        assertThat(page.path("withoutText").asText())
            .as("charts without a title and description")
            .isEmpty();
        assertThat(page.path("images").asInt()).as("external images").isZero();
        Path png = OUT.resolve("report-" + width + ".png");
        Files.write(png, devTools.screenshot(width, Integer.MAX_VALUE, 1));
        assertThat(Files.size(png)).isGreaterThan(10_000);
        if (width == 1280) {
          // README's picture (docs/report.png): the tiles and the charts, at 60 %
          Files.write(OUT.resolve("report-preview.png"), devTools.screenshot(width, 1560, 0.6));
        }
      }
    } finally {
      browser.destroy();
      if (!browser.waitFor(10, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Chromium, installed with apt when missing and allowed; else a failure saying what to do. */
  private static Path chromium() throws IOException, InterruptedException {
    if (Files.isExecutable(CHROMIUM)) {
      return CHROMIUM;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path apt = Path.of("/usr/bin/apt-get");
    if (root && Files.isExecutable(apt)) {
      System.err.println(
          "ReportInBrowserIT: /usr/bin/chromium is missing; apt-get install chromium");
      Process install =
          new ProcessBuilder("/bin/sh", "-c", "apt-get update -qq; apt-get install -y -qq chromium")
              .inheritIO()
              .start();
      if (install.waitFor(15, TimeUnit.MINUTES)
          && install.exitValue() == 0
          && Files.isExecutable(CHROMIUM)) {
        return CHROMIUM;
      }
    }
    throw new AssertionError(
        "the demo report is checked in headless Chromium, and /usr/bin/chromium is missing"
            + (root ? " (apt-get install -y chromium failed)" : "")
            + ": install Debian's chromium package (apt-get install -y chromium), or build with"
            + " -Dcare.browser.skip=true to skip this check");
  }

  /** A DevTools-protocol session with one page, over the JDK's WebSocket. */
  private static final class DevTools implements AutoCloseable {
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String session = "";

    private DevTools(WebSocket socket) {
      this.socket = socket;
    }

    static DevTools connect(Path activePort, Process browser) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<String> lines = List.of();
      while (lines.size() < 2) {
        if (!browser.isAlive()) {
          throw new AssertionError("chromium exited with " + browser.exitValue());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("chromium wrote no " + activePort + " within 60 s");
        }
        Thread.sleep(100);
        if (Files.exists(activePort)) {
          lines = Files.readAllLines(activePort).stream().filter(l -> !l.isBlank()).toList();
        }
      }
      URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
      DevTools[] self = new DevTools[1];
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  uri,
                  new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(
                        WebSocket ws, CharSequence data, boolean last) {
                      text.append(data);
                      if (last) {
                        self[0].received(text.toString());
                        text.setLength(0);
                      }
                      ws.request(1);
                      return null;
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      self[0] = new DevTools(socket);
      DevTools d = self[0];
      String target =
          d.call("Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
      d.session =
          d.call("Target.attachToTarget", Map.of("targetId", target, "flatten", true))
              .path("sessionId")
              .asText();
      return d;
    }

    private void received(String message) {
      try {
        JsonNode m = JSON.readTree(message);
        if (m.has("id")) {
          CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
          if (f != null) {
            f.complete(m);
          }
        }
      } catch (IOException e) {
        pending.values().forEach(f -> f.completeExceptionally(e));
      }
    }

    JsonNode call(String method, Map<String, ?> params) throws Exception {
      int id = ids.incrementAndGet();
      ObjectNode m = JSON.createObjectNode();
      m.put("id", id);
      m.put("method", method);
      m.set("params", JSON.valueToTree(params));
      if (!session.isEmpty()) {
        m.put("sessionId", session);
      }
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);
      JsonNode reply = answer.get(60, TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new AssertionError(method + " failed: " + reply.get("error"));
      }
      return reply.path("result");
    }

    private JsonNode evaluate(String expression) throws Exception {
      JsonNode r =
          call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
      return r.path("result").path("value");
    }

    /** Loads the page at a width and measures it. */
    JsonNode load(String url, int width) throws Exception {
      call(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
      call("Page.navigate", Map.of("url", url));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"complete".equals(evaluate("document.readyState").asText())
          || !evaluate("location.href").asText().equals(url)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the report did not load within 30 s at " + width + " px");
        }
        Thread.sleep(100);
      }
      String measure =
          "JSON.stringify((() => {"
              + " const charts = [...document.querySelectorAll('svg[role=img]')];"
              + " const text = id => { const e = id && document.getElementById(id);"
              + "   return e ? e.textContent.trim() : ''; };"
              + " const without = charts.filter(s => {"
              + "   const ids = (s.getAttribute('aria-labelledby') || '').split(' ');"
              + "   return ids.length < 2 || !text(ids[0]) || !text(ids[1]); })"
              + "   .map(s => s.outerHTML.slice(0, 80));"
              + " return { scrollWidth: document.documentElement.scrollWidth,"
              + "   innerWidth: window.innerWidth, charts: charts.length,"
              + "   withoutText: without.join(' | '),"
              + "   images: document.querySelectorAll('img,link,script').length }; })())";
      return JSON.readTree(evaluate(measure).asText());
    }

    /** A screenshot from the top of the page at the loaded width, at most {@code maxHeight}. */
    byte[] screenshot(int width, int maxHeight, double scale) throws Exception {
      int height = Math.min(maxHeight, evaluate("document.documentElement.scrollHeight").asInt());
      JsonNode shot =
          call(
              "Page.captureScreenshot",
              Map.of(
                  "format",
                  "png",
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", scale)));
      return Base64.getDecoder().decode(shot.path("data").asText());
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
