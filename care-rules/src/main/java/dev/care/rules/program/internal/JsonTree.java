package dev.care.rules.program.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.care.rules.program.ProgramProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads untrusted JSON bytes into a Jackson tree under our own limits, reporting every breach as a
 * {@link ProgramProblem} in our own words with its JSON path (or line and column when the text is
 * not JSON at all).
 *
 * <p>Checked here: the text is UTF-8 (a UTF-8 byte-order mark is skipped; UTF-16 and UTF-32 are
 * named and refused; the first invalid byte is reported with its offset, line and column); nesting
 * depth; the length of every string, field name and number; duplicate field names; and every number
 * is bounded at parse time — at most {@link Limits#maxIntegerDigits()} digits before the decimal
 * point and {@link Limits#maxDecimalPlaces()} after it, with exponents beyond {@code int} refused
 * without being evaluated — so no later step can be made to build or format a huge number. A value
 * refused for its size is replaced by a marker ({@link #isRejected}) so that the field is not
 * reported a second time as missing or mistyped.
 */
public final class JsonTree {
  /**
   * The limits a document must keep.
   *
   * @param maxDepth deepest nesting of objects and arrays (the top-level object is depth 1)
   * @param maxStringLength longest string value, in characters
   * @param maxNameLength longest field name, in characters
   * @param maxNumberLength longest number as written, in characters
   * @param maxIntegerDigits most digits before the decimal point
   * @param maxDecimalPlaces most digits after the decimal point (trailing zeros not counted)
   */
  public record Limits(
      int maxDepth,
      int maxStringLength,
      int maxNameLength,
      int maxNumberLength,
      int maxIntegerDigits,
      int maxDecimalPlaces) {}

  private static final Object REJECTED = new Object();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonFactory factory;
  private final Limits limits;

  /**
   * A reader with limits.
   *
   * @param limits the limits
   * @param maxBytes the largest document accepted (the caller checks the byte count)
   */
  public JsonTree(Limits limits, int maxBytes) {
    this.limits = limits;
    // Jackson's own constraints sit well above ours, as a backstop only: ours are checked first and
    // reported in our words with the right lengths.
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth() + 8)
                    .maxStringLength(maxBytes + 1)
                    .maxNameLength(maxBytes + 1)
                    .maxNumberLength(maxBytes + 1)
                    .maxDocumentLength(maxBytes + 1L)
                    .build())
            .build();
  }

  /**
   * Whether a node stands for a value refused while parsing (its problem is already recorded).
   *
   * @param node a node
   * @return true for the marker
   */
  public static boolean isRejected(JsonNode node) {
    return node instanceof POJONode p && p.getPojo() == REJECTED;
  }

  /** A problem that ends parsing: the rest of the text cannot be read reliably. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  /**
   * Parses a document.
   *
   * @param json the bytes
   * @param problems where problems go
   * @return the tree, or empty when the text could not be read as JSON at all
   */
  public Optional<JsonNode> parse(byte[] json, List<ProgramProblem> problems) {
    int start = 0;
    if (startsWith(json, 0xEF, 0xBB, 0xBF)) {
      start = 3; // a UTF-8 byte-order mark, as some editors write: harmless, skipped
    } else if (startsWith(json, 0x00, 0x00, 0xFE, 0xFF)
        || startsWith(json, 0xFF, 0xFE, 0x00, 0x00)) {
      problems.add(new ProgramProblem("$", "the definition is UTF-32 text; save it as UTF-8"));
      return Optional.empty();
    } else if (startsWith(json, 0xFE, 0xFF) || startsWith(json, 0xFF, 0xFE)) {
      problems.add(new ProgramProblem("$", "the definition is UTF-16 text; save it as UTF-8"));
      return Optional.empty();
    }
    Optional<String> notUtf8 = firstInvalidUtf8(json, start);
    if (notUtf8.isPresent()) {
      problems.add(new ProgramProblem("$", notUtf8.get()));
      return Optional.empty();
    }
    try (JsonParser p = factory.createParser(json, start, json.length - start)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        problems.add(new ProgramProblem("$", "the definition is empty"));
        return Optional.empty();
      }
      JsonNode root = value(p, t, "$", 0, problems);
      JsonToken after = p.nextToken();
      if (after != null) {
        problems.add(
            new ProgramProblem("$", "more text after the end of the definition" + where(p)));
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (Stop stop) {
      return Optional.empty();
    } catch (JsonParseException e) {
      problems.add(new ProgramProblem("$", "not valid JSON" + where(e.getLocation()) + detail(e)));
      return Optional.empty();
    } catch (JsonProcessingException e) {
      problems.add(
          new ProgramProblem("$", "the definition exceeds a size limit" + where(e.getLocation())));
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode value(
      JsonParser p, JsonToken t, String path, int depth, List<ProgramProblem> problems)
      throws IOException {
    switch (t) {
      case START_OBJECT -> {
        checkDepth(p, path, depth + 1, problems);
        ObjectNode o = NODES.objectNode();
        JsonToken n;
        while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = path + "." + name;
          JsonNode v = value(p, p.nextToken(), child, depth + 1, problems);
          if (name.length() > limits.maxNameLength()) {
            problems.add(
                new ProgramProblem(
                    path,
                    "field name "
                        + Text.quote(name)
                        + " is "
                        + name.length()
                        + " characters long; at most "
                        + limits.maxNameLength()
                        + " allowed"));
            continue;
          }
          if (o.has(name)) {
            problems.add(
                new ProgramProblem(child, "duplicate field: each field may be given once"));
            continue;
          }
          o.set(name, v);
        }
        if (n != JsonToken.END_OBJECT) {
          throw new JsonParseException(p, "unexpected " + n);
        }
        return o;
      }
      case START_ARRAY -> {
        checkDepth(p, path, depth + 1, problems);
        ArrayNode a = NODES.arrayNode();
        JsonToken n;
        int i = 0;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
          if (n == null) {
            throw new JsonParseException(p, "unexpected end of input");
          }
          a.add(value(p, n, path + "[" + i + "]", depth + 1, problems));
          i++;
        }
        return a;
      }
      case VALUE_STRING -> {
        int length = p.getTextLength();
        if (length > limits.maxStringLength()) {
          problems.add(
              new ProgramProblem(
                  path,
                  "is a string of "
                      + length
                      + " characters; at most "
                      + limits.maxStringLength()
                      + " allowed"));
          return rejected();
        }
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return number(p.getText(), t == JsonToken.VALUE_NUMBER_INT, path, problems);
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new JsonParseException(p, "unexpected " + t);
    }
  }

  private void checkDepth(JsonParser p, String path, int depth, List<ProgramProblem> problems) {
    if (depth > limits.maxDepth()) {
      problems.add(
          new ProgramProblem(
              path,
              "objects and arrays are nested more than "
                  + limits.maxDepth()
                  + " levels deep"
                  + where(p)));
      throw new Stop();
    }
  }

  private JsonNode number(
      String text, boolean integral, String path, List<ProgramProblem> problems) {
    if (text.length() > limits.maxNumberLength()) {
      problems.add(
          new ProgramProblem(
              path,
              "is a number of "
                  + text.length()
                  + " characters; at most "
                  + limits.maxNumberLength()
                  + " allowed"));
      return rejected();
    }
    if (integral) {
      BigInteger i = new BigInteger(text);
      if (i.abs().toString().length() > limits.maxIntegerDigits()) {
        problems.add(
            new ProgramProblem(
                path,
                "is too large: at most "
                    + limits.maxIntegerDigits()
                    + " digits before the decimal point, got "
                    + text));
        return rejected();
      }
      return NODES.numberNode(i.longValueExact());
    }
    BigDecimal d;
    try {
      d = new BigDecimal(text);
    } catch (NumberFormatException e) {
      problems.add(new ProgramProblem(path, "has an exponent out of range, got " + text));
      return rejected();
    }
    if (d.signum() == 0) {
      return DecimalNode.valueOf(BigDecimal.ZERO);
    }
    long integerDigits = (long) d.precision() - d.scale();
    if (integerDigits > limits.maxIntegerDigits()) {
      problems.add(
          new ProgramProblem(
              path,
              "is too large: at most "
                  + limits.maxIntegerDigits()
                  + " digits before the decimal point, got "
                  + text));
      return rejected();
    }
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() > limits.maxDecimalPlaces()) {
      problems.add(
          new ProgramProblem(
              path,
              "is too precise: at most "
                  + limits.maxDecimalPlaces()
                  + " digits after the decimal point, got "
                  + text));
      return rejected();
    }
    // kept as written (1.50 stays 1.50) unless its scale is negative (1e2 becomes 100) or beyond
    // the limit only through trailing zeros
    BigDecimal v = d.scale() > limits.maxDecimalPlaces() ? stripped : d;
    return DecimalNode.valueOf(v.scale() < 0 ? v.setScale(0) : v);
  }

  private static JsonNode rejected() {
    return new POJONode(REJECTED);
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Describes the first byte that is not UTF-8, with its offset, line and column, if any. */
  static Optional<String> firstInvalidUtf8(byte[] b, int start) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, start, b.length - start);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        return Optional.of(describe(b, in.position()));
      }
      if (r.isOverflow()) {
        out.clear();
        continue;
      }
      r = decoder.flush(out);
      if (r.isOverflow()) {
        out.clear();
        continue;
      }
      return Optional.empty();
    }
  }

  private static String describe(byte[] b, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (b[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = new String(b, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1;
    return String.format(
        Locale.ROOT,
        "not UTF-8 text: byte 0x%02X at offset %d (line %d, column %d) is not valid UTF-8; save"
            + " the definition as UTF-8",
        b[offset] & 0xFF,
        offset,
        line,
        column);
  }

  private static String where(JsonParser p) {
    return where(p.currentLocation());
  }

  private static String where(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1
        ? ""
        : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private static String detail(JsonParseException e) {
    String m = e.getOriginalMessage();
    if (m == null || m.contains("Constraints")) {
      return "";
    }
    int nl = m.indexOf('\n');
    return ": " + Text.safe(nl >= 0 ? m.substring(0, nl) : m, 120);
  }
}
