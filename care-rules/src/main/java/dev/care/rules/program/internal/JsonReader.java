package dev.care.rules.program.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.care.rules.program.ProgramProblem;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads one JSON object field by field, recording a {@link ProgramProblem} with the field's path
 * for every missing, mistyped or out-of-range value instead of stopping at the first, and reporting
 * fields nobody asked for as unknown when {@link #end()} is called.
 */
public final class JsonReader {
  private final JsonNode node;
  private final String path;
  private final List<ProgramProblem> problems;
  private final Set<String> read = new HashSet<>();

  private JsonReader(JsonNode node, String path, List<ProgramProblem> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /**
   * A reader for an object node, or empty (with a problem recorded) if the node is not an object.
   *
   * @param node the node
   * @param path its path
   * @param problems where problems go
   * @return the reader
   */
  public static Optional<JsonReader> of(JsonNode node, String path, List<ProgramProblem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(new ProgramProblem(path, "must be an object, got " + kind(node)));
      return Optional.empty();
    }
    return Optional.of(new JsonReader(node, path, problems));
  }

  /**
   * The path of this object.
   *
   * @return e.g. {@code $.earning}
   */
  public String path() {
    return path;
  }

  /**
   * The path of a field of this object.
   *
   * @param field the field name
   * @return the path
   */
  public String pathOf(String field) {
    return path + "." + field;
  }

  /**
   * Records a problem at a field.
   *
   * @param field the field
   * @param message what is wrong
   */
  public void problem(String field, String message) {
    problems.add(new ProgramProblem(pathOf(field), message));
  }

  /**
   * The problems list this reader writes to.
   *
   * @return the shared list
   */
  public List<ProgramProblem> problems() {
    return problems;
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A short, safe rendering of a scalar value for a message (numbers are bounded by the tree). */
  private static String shown(JsonNode v) {
    if (v.isTextual()) {
      return " " + Text.quote(v.textValue());
    }
    return v.isValueNode() ? " " + Text.safe(v.toString(), Text.MAX_QUOTED) : "";
  }

  private Optional<JsonNode> field(String name, boolean required) {
    read.add(name);
    JsonNode v = node.get(name);
    if (v != null && JsonTree.isRejected(v)) {
      return Optional.empty(); // refused while parsing; its problem is recorded
    }
    if (v == null || v.isNull()) {
      if (required) {
        problem(name, "is required");
      }
      return Optional.empty();
    }
    return Optional.of(v);
  }

  /** Marks a field as known without reading it (for fields read by other means). */
  public void known(String name) {
    read.add(name);
  }

  /** Reports every field that was not read as unknown. Call after reading all fields. */
  public void end() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!read.contains(n)) {
        problem(n, "unknown field");
      }
    }
  }

  /**
   * A string field.
   *
   * @param name field name
   * @param required whether it must be present
   * @return the value if present and a string
   */
  public Optional<String> string(String name, boolean required) {
    return field(name, required)
        .flatMap(
            v -> {
              if (!v.isTextual()) {
                problem(name, "must be a string, got " + kind(v));
                return Optional.empty();
              }
              return Optional.of(v.textValue());
            });
  }

  /**
   * A string field with a default.
   *
   * @param name field name
   * @param dflt the default
   * @return the value or the default
   */
  public String string(String name, String dflt) {
    return string(name, false).orElse(dflt);
  }

  /**
   * A boolean field.
   *
   * @param name field name
   * @param dflt default when absent
   * @return the value
   */
  public boolean bool(String name, boolean dflt) {
    return field(name, false)
        .map(
            v -> {
              if (!v.isBoolean()) {
                problem(name, "must be true or false, got " + kind(v));
                return dflt;
              }
              return v.booleanValue();
            })
        .orElse(dflt);
  }

  /**
   * A whole-number field in a range.
   *
   * @param name field name
   * @param required whether it must be present
   * @param min smallest allowed
   * @param max largest allowed
   * @return the value if present and valid
   */
  public Optional<Long> integer(String name, boolean required, long min, long max) {
    return field(name, required)
        .flatMap(
            v -> {
              if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                problem(name, "must be a whole number, got " + kind(v) + shown(v));
                return Optional.empty();
              }
              long l = v.longValue();
              if (l < min || l > max) {
                problem(name, "must be between " + min + " and " + max + ", got " + l);
                return Optional.empty();
              }
              return Optional.of(l);
            });
  }

  /**
   * A whole-number field with a default.
   *
   * @param name field name
   * @param dflt default when absent or invalid
   * @param min smallest allowed
   * @param max largest allowed
   * @return the value
   */
  public long integer(String name, long dflt, long min, long max) {
    return integer(name, false, min, max).orElse(dflt);
  }

  /**
   * A decimal field (exact: read as written, never through a double) in a range.
   *
   * @param name field name
   * @param required whether it must be present
   * @param min smallest allowed
   * @param max largest allowed
   * @return the value if present and valid
   */
  public Optional<BigDecimal> decimal(
      String name, boolean required, BigDecimal min, BigDecimal max) {
    return field(name, required).flatMap(v -> decimalValue(pathOf(name), v, min, max));
  }

  private Optional<BigDecimal> decimalValue(String at, JsonNode v, BigDecimal min, BigDecimal max) {
    if (JsonTree.isRejected(v)) {
      return Optional.empty();
    }
    if (!v.isNumber()) {
      problems.add(new ProgramProblem(at, "must be a number, got " + kind(v)));
      return Optional.empty();
    }
    BigDecimal d = v.decimalValue();
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problems.add(
          new ProgramProblem(
              at,
              "must be between "
                  + min.toPlainString()
                  + " and "
                  + max.toPlainString()
                  + ", got "
                  + d.toPlainString()));
      return Optional.empty();
    }
    return Optional.of(d);
  }

  /**
   * An enum field given by constant name.
   *
   * @param name field name
   * @param type the enum
   * @param dflt default when absent or invalid
   * @param <E> the enum type
   * @return the value
   */
  public <E extends Enum<E>> E enumValue(String name, Class<E> type, E dflt) {
    return enumValue(name, type, false).orElse(dflt);
  }

  /**
   * An enum field given by constant name.
   *
   * @param name field name
   * @param type the enum
   * @param required whether it must be present
   * @param <E> the enum type
   * @return the value if present and valid
   */
  public <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type, boolean required) {
    return string(name, required)
        .flatMap(
            s -> {
              for (E e : type.getEnumConstants()) {
                if (e.name().equals(s)) {
                  return Optional.of(e);
                }
              }
              List<String> allowed = new ArrayList<>();
              for (E e : type.getEnumConstants()) {
                allowed.add(e.name());
              }
              problem(name, "must be one of " + allowed + ", got " + Text.quote(s));
              return Optional.empty();
            });
  }

  /**
   * A value parsed from a string field, with the parser's failure turned into a problem.
   *
   * @param name field name
   * @param required whether it must be present
   * @param what what the string should be, e.g. "an ISO date (YYYY-MM-DD)"
   * @param parser the parser
   * @param <T> the value type
   * @return the parsed value if present and valid
   */
  public <T> Optional<T> parsed(
      String name, boolean required, String what, Function<String, T> parser) {
    return string(name, required)
        .flatMap(
            s -> {
              try {
                return Optional.of(parser.apply(s));
              } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
                problem(name, "must be " + what + ", got " + Text.quote(s));
                return Optional.empty();
              }
            });
  }

  /**
   * An ISO date field.
   *
   * @param name field name
   * @param required whether required
   * @return the date
   */
  public Optional<LocalDate> date(String name, boolean required) {
    return parsed(name, required, "an ISO date (YYYY-MM-DD)", LocalDate::parse);
  }

  /**
   * A local time field ({@code HH:mm}).
   *
   * @param name field name
   * @param dflt default
   * @return the time
   */
  public LocalTime time(String name, LocalTime dflt) {
    return parsed(name, false, "a local time (HH:mm)", LocalTime::parse).orElse(dflt);
  }

  /**
   * A time-zone field.
   *
   * @param name field name
   * @param required whether required
   * @return the zone
   */
  public Optional<ZoneId> zone(String name, boolean required) {
    return parsed(name, required, "a time-zone id such as Europe/Berlin", ZoneId::of);
  }

  /**
   * An ISO-8601 duration field such as {@code P30D} or {@code PT48H}, in a declared range.
   *
   * @param name field name
   * @param required whether required
   * @param min shortest allowed (zero allows zero; otherwise the duration must be positive)
   * @param max longest allowed
   * @return the duration, if present and in range
   */
  public Optional<Duration> duration(String name, boolean required, Duration min, Duration max) {
    Optional<Duration> d =
        parsed(
            name,
            required,
            "an ISO-8601 duration such as P30D or PT48H",
            s -> {
              try {
                return Duration.parse(s);
              } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e);
              }
            });
    if (d.isPresent() && (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0)) {
      problem(
          name, "must be between " + show(min) + " and " + show(max) + ", got " + show(d.get()));
      return Optional.empty();
    }
    if (d.isPresent() && d.get().isZero() && !min.isZero()) {
      problem(name, "must be a positive duration, got " + d.get());
      return Optional.empty();
    }
    return d;
  }

  /** A duration as written in definitions: whole days as {@code P30D}, else ISO-8601. */
  static String show(Duration d) {
    if (!d.isNegative() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
      return "P" + d.toDays() + "D";
    }
    return d.toString();
  }

  /**
   * A nested object field, read by a function.
   *
   * @param name field name
   * @param required whether required
   * @param body reads the nested object
   * @param <T> the result type
   * @return the result, if present and readable
   */
  public <T> Optional<T> object(String name, boolean required, Function<JsonReader, T> body) {
    return field(name, required)
        .flatMap(v -> of(v, pathOf(name), problems))
        .map(
            r -> {
              T t = body.apply(r);
              r.end();
              return t;
            });
  }

  /**
   * An array of objects, each read by a function that also gets the element's index.
   *
   * @param name field name
   * @param maxSize most elements allowed
   * @param body reads one element
   * @param <T> the element type
   * @return the elements that could be read (problems recorded for the rest)
   */
  public <T> List<T> objects(String name, int maxSize, BiFunction<JsonReader, Integer, T> body) {
    List<T> out = new ArrayList<>();
    Optional<JsonNode> arr = field(name, false);
    if (arr.isEmpty()) {
      return out;
    }
    if (!arr.get().isArray()) {
      problem(name, "must be an array, got " + kind(arr.get()));
      return out;
    }
    if (arr.get().size() > maxSize) {
      problem(name, "must have at most " + maxSize + " elements, got " + arr.get().size());
      return out;
    }
    for (int i = 0; i < arr.get().size(); i++) {
      int idx = i;
      if (JsonTree.isRejected(arr.get().get(i))) {
        continue;
      }
      of(arr.get().get(i), pathOf(name) + "[" + i + "]", problems)
          .ifPresent(
              r -> {
                T t = body.apply(r, idx);
                r.end();
                if (t != null) {
                  out.add(t);
                }
              });
    }
    return out;
  }

  /**
   * An array of strings.
   *
   * @param name field name
   * @param maxSize most elements allowed
   * @return the strings that could be read
   */
  public List<String> strings(String name, int maxSize) {
    List<String> out = new ArrayList<>();
    Optional<JsonNode> arr = field(name, false);
    if (arr.isEmpty()) {
      return out;
    }
    if (!arr.get().isArray() || arr.get().size() > maxSize) {
      problem(
          name,
          arr.get().isArray()
              ? "must have at most " + maxSize + " elements, got " + arr.get().size()
              : "must be an array of strings, got " + kind(arr.get()));
      return out;
    }
    for (int i = 0; i < arr.get().size(); i++) {
      JsonNode e = arr.get().get(i);
      if (JsonTree.isRejected(e)) {
        continue;
      }
      if (!e.isTextual()) {
        problems.add(
            new ProgramProblem(pathOf(name) + "[" + i + "]", "must be a string, got " + kind(e)));
      } else {
        out.add(e.textValue());
      }
    }
    return out;
  }

  /**
   * An object of name → decimal entries, e.g. category multipliers.
   *
   * @param name field name
   * @param maxSize most entries
   * @param min smallest value
   * @param max largest value
   * @return the entries that could be read, in document order
   */
  public Map<String, BigDecimal> decimalMap(
      String name, int maxSize, BigDecimal min, BigDecimal max) {
    Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
    Optional<JsonNode> obj = field(name, false);
    if (obj.isEmpty()) {
      return out;
    }
    if (!obj.get().isObject() || obj.get().size() > maxSize) {
      problem(
          name,
          obj.get().isObject()
              ? "must have at most " + maxSize + " entries, got " + obj.get().size()
              : "must be an object of name: number entries, got " + kind(obj.get()));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : obj.get().properties()) {
      decimalValue(pathOf(name) + "." + e.getKey(), e.getValue(), min, max)
          .ifPresent(d -> out.put(e.getKey(), d));
    }
    return out;
  }
}
