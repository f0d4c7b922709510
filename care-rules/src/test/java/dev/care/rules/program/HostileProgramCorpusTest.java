package dev.care.rules.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.care.rules.testing.Programs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A corpus of hostile programme definitions, each loaded under a time limit and — in {@code mvn
 * verify} — in a JVM of its own with a 256 MiB heap (the {@code hostile-corpus-small-heap} surefire
 * execution of care-rules), each expecting either a clean load or a refusal whose problems name the
 * path and say what is wrong in our own words.
 */
@DisplayName("Hostile programme definitions")
class HostileProgramCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final String HOLE = "@@HOLE@@";

  /** One hostile definition and what must come of it. */
  private record Case(String name, byte[] json, String path, String fragment) {
    static Case refused(String name, String json, String path, String fragment) {
      return new Case(name, json.getBytes(StandardCharsets.UTF_8), path, fragment);
    }

    static Case loads(String name, String json) {
      return new Case(name, json.getBytes(StandardCharsets.UTF_8), null, null);
    }
  }

  static int corpusSize;

  private static ObjectNode salon() {
    try {
      return (ObjectNode) JSON.readTree(Programs.salonJson());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The salon programme with the value at a JSON pointer replaced by raw JSON text. */
  private static String with(String pointer, String raw) {
    ObjectNode root = salon();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode o) {
      o.put(last, HOLE);
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(last), a.textNode(HOLE));
    } else {
      throw new IllegalArgumentException("no parent at " + pointer);
    }
    return root.toString().replace("\"" + HOLE + "\"", raw);
  }

  private static String path(String pointer) {
    StringBuilder b = new StringBuilder("$");
    for (String part : pointer.substring(1).split("/")) {
      if (part.chars().allMatch(Character::isDigit)) {
        b.append('[').append(part).append(']');
      } else {
        b.append('.').append(part);
      }
    }
    return b.toString();
  }

  private static final List<String> DECIMALS =
      List.of(
          "/earning/pointsPerUnit",
          "/earning/categoryMultipliers/haircare",
          "/earning/promotions/0/multiplier",
          "/tiers/levels/1/earnMultiplier");

  private static final List<String> INTEGERS =
      List.of(
          "/version",
          "/earning/perOrderCap",
          "/earning/birthdayWindowDays",
          "/points/negativeLimit",
          "/tiers/levels/1/threshold",
          "/frequencyCaps/0/max");

  private static final List<String> DURATIONS =
      List.of(
          "/points/lotLifetime",
          "/points/pendingWindow",
          "/earning/periodCap/period",
          "/tiers/rollingWindow",
          "/tiers/gracePeriod",
          "/wallet/topUpPromotions/0/bonusExpiry",
          "/care/winBack/followUpAfter",
          "/care/complaint/turnaroundTarget",
          "/care/returnVisit/interval",
          "/frequencyCaps/0/period");

  static List<Case> corpus() {
    List<Case> c = new ArrayList<>();
    // numbers at and beyond every bound
    for (String p : DECIMALS) {
      String at = path(p);
      c.add(Case.refused("huge exponent " + p, with(p, "1e999999999"), at, "too large"));
      c.add(Case.refused("tiny exponent " + p, with(p, "1e-999999999"), at, "too precise"));
      c.add(Case.refused("exponent beyond int " + p, with(p, "1e9999999999"), at, "exponent"));
      c.add(
          Case.refused(
              "negative exponent beyond int " + p, with(p, "1e-9999999999"), at, "exponent"));
      c.add(Case.refused("16 integer digits " + p, with(p, "1000000000000000.5"), at, "too large"));
      c.add(Case.refused("13 decimal places " + p, with(p, "1.0000000000001"), at, "too precise"));
      c.add(
          Case.refused(
              "41 characters " + p, with(p, "1." + "0".repeat(38) + "1"), at, "41 characters"));
      c.add(
          Case.refused(
              "above the range " + p,
              with(p, p.endsWith("pointsPerUnit") ? "10000.000000000001" : "100.000000000001"),
              at,
              "must be between"));
      c.add(Case.refused("negative " + p, with(p, "-1"), at, "must be between"));
      c.add(Case.loads("12 decimal places and trailing zeros " + p, with(p, "1.000000000001000")));
      c.add(Case.loads("at the top of the range " + p, with(p, "1e2")));
    }
    for (String p : INTEGERS) {
      String at = path(p);
      c.add(Case.refused("fraction " + p, with(p, "1.5"), at, "whole number"));
      c.add(Case.refused("exponent " + p, with(p, "1e3"), at, "whole number"));
      c.add(Case.refused("16 digits " + p, with(p, "1000000000000000"), at, "too large"));
      c.add(Case.refused("beyond long " + p, with(p, "9223372036854775808"), at, "too large"));
      c.add(Case.refused("negative " + p, with(p, "-1"), at, "must be between"));
      c.add(Case.refused("41 digits " + p, with(p, "1".repeat(41)), at, "41 characters"));
    }
    c.add(
        Case.refused("version above int", with("/version", "2147483648"), "$.version", "between"));
    // durations and periods: a declared range each
    for (String p : DURATIONS) {
      String at = path(p);
      c.add(Case.refused("overflowing " + p, with(p, "\"PT2562047788015215H\""), at, "between"));
      c.add(Case.refused("negative " + p, with(p, "\"P-1D\""), at, "between"));
      c.add(
          Case.refused("beyond long " + p, with(p, "\"PT99999999999999999999H\""), at, "ISO-8601"));
      c.add(Case.refused("not a duration " + p, with(p, "\"soon\""), at, "ISO-8601"));
      c.add(Case.refused("101 years " + p, with(p, "\"P36890D\""), at, "between"));
    }
    c.add(Case.loads("lot lifetime of 100 years", with("/points/lotLifetime", "\"P36525D\"")));
    c.add(Case.loads("paid value expiry P1827D", with("/wallet/paidValueExpiry", "\"P1827D\"")));
    c.add(Case.loads("paid value expiry P5Y", with("/wallet/paidValueExpiry", "\"P5Y\"")));
    c.add(Case.loads("paid value expiry P4Y12M", with("/wallet/paidValueExpiry", "\"P4Y12M\"")));
    c.add(
        Case.refused(
            "paid value expiry P1826D",
            with("/wallet/paidValueExpiry", "\"P1826D\""),
            "$.wallet.paidValueExpiry",
            "at least 5 years"));
    c.add(
        Case.refused(
            "paid value expiry P59M",
            with("/wallet/paidValueExpiry", "\"P59M\""),
            "$.wallet.paidValueExpiry",
            "at least 5 years"));
    c.add(
        Case.refused(
            "paid value expiry P101Y",
            with("/wallet/paidValueExpiry", "\"P101Y\""),
            "$.wallet.paidValueExpiry",
            "at most"));
    c.add(
        Case.refused(
            "paid value expiry beyond int",
            with("/wallet/paidValueExpiry", "\"P2147483648Y\""),
            "$.wallet.paidValueExpiry",
            "ISO-8601 period"));
    c.add(
        Case.refused(
            "paid value expiry max int years",
            with("/wallet/paidValueExpiry", "\"P2147483647Y\""),
            "$.wallet.paidValueExpiry",
            "at most"));
    c.add(
        Case.refused(
            "paid value expiry negative",
            with("/wallet/paidValueExpiry", "\"P6Y-1D\""),
            "$.wallet.paidValueExpiry",
            "negative"));
    // currencies
    c.add(Case.refused("currency XXX", with("/currency", "\"XXX\""), "$.currency", "minor units"));
    c.add(Case.refused("currency XTS", with("/currency", "\"XTS\""), "$.currency", "minor units"));
    c.add(
        Case.refused("currency not ISO", with("/currency", "\"EURO\""), "$.currency", "ISO 4217"));
    c.add(Case.loads("currency without decimals", with("/currency", "\"JPY\"")));
    // nesting
    c.add(
        Case.refused(
            "17 levels",
            "{\"id\":" + "[".repeat(16) + "]".repeat(16) + "}",
            "$.id" + "[0]".repeat(15),
            "nested more than 16"));
    c.add(
        Case.refused(
            "16 levels",
            "{\"id\":" + "[".repeat(15) + "]".repeat(15) + "}",
            "$.id",
            "must be a string"));
    c.add(
        Case.refused(
            "500,000 levels", "[".repeat(500_000), "$" + "[0]".repeat(16), "nested more than 16"));
    c.add(
        Case.refused(
            "deep objects",
            "{\"a\":".repeat(100_000),
            "$" + ".a".repeat(16),
            "nested more than 16"));
    // huge strings and names
    c.add(
        Case.refused(
            "string of 10,001",
            with("/id", "\"" + "a".repeat(10_001) + "\""),
            "$.id",
            "string of 10001 characters"));
    c.add(
        Case.refused(
            "string of 900,000",
            with("/templates/0/text", "\"" + "x".repeat(900_000) + "\""),
            "$.templates[0].text",
            "string of 900000 characters"));
    c.add(
        Case.refused(
            "id of 10,000",
            with("/id", "\"" + "A".repeat(10_000) + "\""),
            "$.id",
            "(10000 characters)"));
    c.add(
        Case.refused(
            "name of 201",
            with("/earning/" + "n".repeat(201), "1"),
            "$.earning",
            "201 characters long"));
    c.add(
        Case.refused(
            "more than 1 MiB",
            "{\"id\":\"" + "a".repeat(ProgramLoader.MAX_BYTES) + "\"}",
            "$",
            "larger than"));
    c.add(
        Case.refused(
            "number of 500,000 digits",
            "{\"id\":" + "9".repeat(500_000) + "}",
            "$.id",
            "500000 characters"));
    c.add(
        Case.refused(
            "10,000 bad multipliers", manySkuMultipliers(10_000), "$", "more problems not listed"));
    c.add(
        Case.refused(
            "array of 200,000 numbers",
            with("/earning/excludedCategories", "[" + "1,".repeat(200_000) + "1]"),
            "$.earning.excludedCategories",
            "at most 1000"));
    // invalid UTF-8, byte-order marks, text encodings
    c.add(
        bytes(
            "invalid start byte",
            utf8WithAt("/id", new byte[] {(byte) 0xFF}),
            "$",
            "not UTF-8 text"));
    c.add(
        bytes(
            "broken sequence",
            utf8WithAt("/id", new byte[] {(byte) 0xC3, 0x28}),
            "$",
            "not UTF-8 text"));
    c.add(
        bytes(
            "overlong slash",
            utf8WithAt("/id", new byte[] {(byte) 0xC0, (byte) 0xAF}),
            "$",
            "not UTF-8 text"));
    c.add(
        bytes(
            "encoded surrogate",
            utf8WithAt("/id", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
            "$",
            "not UTF-8 text"));
    c.add(
        bytes(
            "truncated at the end",
            concat(salonBytes(), new byte[] {(byte) 0xE2, (byte) 0x82}),
            "$",
            "not UTF-8 text"));
    c.add(
        bytes(
            "latin-1 text",
            with("/id", "\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1),
            "$",
            "line 1"));
    c.add(
        new Case(
            "UTF-8 byte-order mark",
            concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, salonBytes()),
            null,
            null));
    c.add(
        bytes(
            "UTF-16 big-endian",
            concat(
                new byte[] {(byte) 0xFE, (byte) 0xFF},
                Programs.salonJson().getBytes(StandardCharsets.UTF_16BE)),
            "$",
            "UTF-16"));
    c.add(
        bytes(
            "UTF-16 little-endian",
            concat(
                new byte[] {(byte) 0xFF, (byte) 0xFE},
                Programs.salonJson().getBytes(StandardCharsets.UTF_16LE)),
            "$",
            "UTF-16"));
    c.add(
        bytes(
            "UTF-32",
            concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, new byte[] {0, 0, 0, '{'}),
            "$",
            "UTF-32"));
    c.add(
        bytes(
            "two byte-order marks",
            concat(
                new byte[] {
                  (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF
                },
                salonBytes()),
            null,
            null)); // Jackson skips a second UTF-8 mark itself: harmless
    // unknown fields
    c.add(Case.refused("unknown at the top", with("/extra", "1"), "$.extra", "unknown field"));
    c.add(
        Case.refused(
            "unknown nested",
            with("/earning/pointsPerEuro", "1"),
            "$.earning.pointsPerEuro",
            "unknown field"));
    c.add(
        Case.refused(
            "unknown in an element",
            with("/tiers/levels/0/colour", "\"gold\""),
            "$.tiers.levels[0].colour",
            "unknown field"));
    c.add(
        Case.refused(
            "class name", with("/@class", "\"java.lang.Runtime\""), "$.@class", "unknown field"));
    c.add(
        Case.refused(
            "unknown with an escape in its name",
            with("/a\u001b[2J", "1"),
            "$.a\\u{1B}[2J",
            "unknown field"));
    c.add(
        Case.refused(
            "duplicate field",
            "{\"id\":\"a\",\"id\":\"a\",\"version\":1,\"currency\":\"EUR\"}",
            "$.id",
            "duplicate"));
    // control characters echoed escaped
    c.add(
        Case.refused(
            "ANSI escape in id", with("/id", "\"\\u001b[31mred\""), "$.id", "'\\u{1B}[31mred'"));
    c.add(Case.refused("NUL in id", with("/id", "\"a\\u0000b\""), "$.id", "'a\\u{0}b'"));
    c.add(
        Case.refused(
            "bidi override in a channel",
            with("/care/eBill/channel", "\"\\u202eLIAME\""),
            "$.care.eBill.channel",
            "'\\u{202E}LIAME'"));
    c.add(
        Case.refused(
            "line break in a tier id",
            with("/tiers/levels/0/id", "\"A\\nB\""),
            "$.tiers.levels[0].id",
            "'A\\u{A}B'"));
    c.add(
        Case.refused(
            "lone surrogate in a zone", with("/zone", "\"\\ud800\""), "$.zone", "'\\u{D800}'"));
    // not JSON, or not an object
    c.add(Case.refused("empty", "", "$", "empty"));
    c.add(Case.refused("blank", "  \n ", "$", "empty"));
    c.add(Case.refused("an array", "[]", "$", "must be an object"));
    c.add(Case.refused("null", "null", "$", "must be an object"));
    c.add(Case.refused("truncated", Programs.salonJson().substring(0, 200), "$", "not valid JSON"));
    c.add(
        Case.refused(
            "trailing text", Programs.salonJson() + " {}", "$", "more text after the end"));
    c.add(Case.refused("NaN", with("/earning/pointsPerUnit", "NaN"), "$", "not valid JSON"));
    c.add(Case.refused("leading zeros", with("/version", "007"), "$", "not valid JSON"));
    c.add(Case.refused("comment", "// hi\n" + Programs.salonJson(), "$", "line 1"));
    c.add(
        Case.refused("raw control character", with("/id", "\"a\u0001b\""), "$", "not valid JSON"));
    // every field with the wrong type
    c.addAll(wrongTypes());
    corpusSize = c.size();
    return c;
  }

  private static Case bytes(String name, byte[] json, String path, String fragment) {
    return new Case(name, json, path, fragment);
  }

  private static byte[] salonBytes() {
    return Programs.salonJson().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] utf8WithAt(String pointer, byte[] bad) {
    String[] parts = with(pointer, "\"" + HOLE + "\"").split(HOLE, 2);
    return concat(
        parts[0].getBytes(StandardCharsets.UTF_8), bad, parts[1].getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String manySkuMultipliers(int n) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("\"sku-").append(i).append("\":\"x\"");
    }
    return with("/earning/skuMultipliers", b.append('}').toString());
  }

  /** Every field of the salon programme replaced by values of each wrong JSON type. */
  private static List<Case> wrongTypes() {
    List<Case> out = new ArrayList<>();
    List<String> pointers = new ArrayList<>();
    collect(salon(), "", pointers);
    for (String p : pointers) {
      JsonNode original = salon().at(p);
      List<String> wrong = new ArrayList<>();
      if (!original.isTextual()) {
        wrong.add("\"text\"");
      }
      if (!original.isNumber()) {
        wrong.add("7");
      }
      if (!original.isBoolean()) {
        wrong.add("true");
      }
      if (!original.isArray()) {
        wrong.add("[]");
      }
      if (!original.isObject()) {
        wrong.add("{}");
      }
      for (String w : wrong) {
        out.add(Case.refused("wrong type " + w + " at " + p, with(p, w), path(p), ""));
      }
    }
    return out;
  }

  private static void collect(JsonNode node, String pointer, List<String> out) {
    if (!pointer.isEmpty()) {
      out.add(pointer);
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collect(e.getValue(), pointer + "/" + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  @Test
  void corpus_runsUnderASmallHeap() {
    // run by mvn verify in the hostile-corpus-small-heap execution (-Xmx256m); a run picked by
    // -Dtest in a default JVM still checks every case, just without this guarantee
    assertThat(corpus()).hasSizeGreaterThan(300);
    if (Boolean.getBoolean("care.hostile.smallHeap")) {
      assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(256L << 20);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCase_isLoadedOrRefusedWithItsPath() {
    ProgramLoader loader = new ProgramLoader();
    return corpus().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name().length() > 120 ? c.name().substring(0, 120) : c.name(),
                    () -> assertTimeoutPreemptively(LIMIT, () -> check(loader, c))));
  }

  private static void check(ProgramLoader loader, Case c) {
    if (c.path() == null) {
      assertThat(loader.load(c.json()).id()).isNotBlank();
      return;
    }
    List<ProgramProblem> problems;
    try {
      loader.load(c.json());
      throw new AssertionError(c.name() + ": expected a refusal, but it loaded");
    } catch (InvalidProgramException e) {
      problems = e.problems();
      assertThat(e.getMessage().length()).isLessThan(200_000);
      assertThat(e.getMessage()).doesNotContain("StreamReadConstraints").doesNotContain("\u001b");
    }
    assertThat(problems).isNotEmpty().hasSizeLessThanOrEqualTo(ProgramLoader.MAX_PROBLEMS + 1);
    for (ProgramProblem p : problems) {
      assertThat(p.path()).startsWith("$");
      assertThat(p.message()).isNotBlank().hasSizeLessThanOrEqualTo(1100);
      assertThat(p.toString()).doesNotContain("\u0000").doesNotContain("\u001b");
      assertThat(p.toString().chars().noneMatch(ch -> ch < 0x20)).isTrue();
    }
    assertThat(problems)
        .as(c.name() + ": " + problems)
        .anySatisfy(
            p -> {
              assertThat(p.path()).startsWith(c.path());
              assertThat(p.message()).contains(c.fragment());
            });
  }
}
