package dev.care.rules.segment.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.care.core.customer.Channel;
import dev.care.rules.segment.Attribute;
import dev.care.rules.segment.Comparison;
import dev.care.rules.segment.InvalidSegmentException;
import dev.care.rules.segment.SegmentExpression;
import dev.care.rules.segment.SegmentExpression.And;
import dev.care.rules.segment.SegmentExpression.Between;
import dev.care.rules.segment.SegmentExpression.BirthdayWithin;
import dev.care.rules.segment.SegmentExpression.Compare;
import dev.care.rules.segment.SegmentExpression.Consented;
import dev.care.rules.segment.SegmentExpression.HasTag;
import dev.care.rules.segment.SegmentExpression.In;
import dev.care.rules.segment.SegmentExpression.Not;
import dev.care.rules.segment.SegmentExpression.Or;
import dev.care.rules.segment.SegmentId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON form of a segment definition. Explicit tree mapping (no polymorphic type handling), so
 * untrusted input cannot instantiate arbitrary classes; input size and nesting are bounded.
 *
 * <pre>
 * {"id":"lapsed-gold","name":"Lapsed gold","expression":
 *   {"and":[{"attribute":"tier","in":["GOLD","PLATINUM"]},
 *           {"attribute":"recencyDays","op":"&gt;","value":60}]}}
 * </pre>
 *
 * Other leaves: {@code {"attribute":"x","between":[lo,hi]}}, {@code {"hasTag":"vip"}}, {@code
 * {"consent":"EMAIL"}}, {@code {"birthdayWithin":7}}; {@code {"or":[...]}}, {@code {"not":{...}}}.
 */
public final class JsonCodec {
  private static final int MAX_DEPTH = 64;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(2 * MAX_DEPTH + 8)
                .maxDocumentLength(1_000_000)
                .build());
  }

  private JsonCodec() {}

  /**
   * Writes a definition from its parts.
   *
   * @param id the definition's id
   * @param name its display name
   * @param expression its expression
   * @return compact JSON
   */
  public static String write(SegmentId id, String name, SegmentExpression expression) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("id", id.value());
    root.put("name", name);
    root.set("expression", toNode(expression));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write segment " + id, e);
    }
  }

  /**
   * Makes a definition from the parts read (the public definition type supplies its constructor, so
   * this codec does not depend on it).
   *
   * @param <T> the definition type
   */
  @FunctionalInterface
  public interface DefinitionFactory<T> {
    /**
     * Makes a definition.
     *
     * @param id the id read
     * @param name the name read
     * @param expression the expression read
     * @return the definition
     * @throws IllegalArgumentException if the parts do not make a valid definition
     */
    T create(SegmentId id, String name, SegmentExpression expression);
  }

  /**
   * Writes an expression as a JSON tree.
   *
   * @param e the expression
   * @return the node
   */
  public static ObjectNode toNode(SegmentExpression e) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode n = f.objectNode();
    if (e instanceof And a) {
      ArrayNode arr = n.putArray("and");
      a.operands().forEach(o -> arr.add(toNode(o)));
    } else if (e instanceof Or o) {
      ArrayNode arr = n.putArray("or");
      o.operands().forEach(x -> arr.add(toNode(x)));
    } else if (e instanceof Not x) {
      n.set("not", toNode(x.operand()));
    } else if (e instanceof Compare c) {
      n.put("attribute", c.attribute().textName());
      n.put("op", c.op().symbol());
      n.put("value", c.value());
    } else if (e instanceof Between b) {
      n.put("attribute", b.attribute().textName());
      n.putArray("between").add(b.low()).add(b.high());
    } else if (e instanceof In i) {
      n.put("attribute", i.attribute().textName());
      ArrayNode arr = n.putArray("in");
      i.values().forEach(arr::add);
    } else if (e instanceof HasTag t) {
      n.put("hasTag", t.tag());
    } else if (e instanceof Consented c) {
      n.put("consent", c.channel().name());
    } else {
      n.put("birthdayWithin", ((BirthdayWithin) e).days());
    }
    return n;
  }

  /**
   * Reads a definition.
   *
   * @param <T> the definition type
   * @param json the JSON text
   * @param definition makes the definition from the parts read
   * @return the definition
   */
  public static <T> T read(String json, DefinitionFactory<T> definition) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidSegmentException(
          "$", "(document)", abbreviate(json), "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSegmentException("$", "(document)", abbreviate(json), "expected an object");
    }
    String id = text(root, "id", "$");
    String name = text(root, "name", "$");
    JsonNode expr = root.get("expression");
    if (expr == null) {
      throw new InvalidSegmentException("$", "expression", "", "missing field");
    }
    try {
      return definition.create(SegmentId.of(id), name, fromNode(expr, "$.expression", 0));
    } catch (IllegalArgumentException e) {
      throw new InvalidSegmentException("$", "id/name", id, e.getMessage());
    }
  }

  /**
   * Reads an expression tree.
   *
   * @param n the node
   * @param path its JSON path, for error messages
   * @param depth nesting so far
   * @return the expression
   */
  public static SegmentExpression fromNode(JsonNode n, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidSegmentException(
          path, "(expression)", "", "nested deeper than " + MAX_DEPTH);
    }
    if (!n.isObject()) {
      throw new InvalidSegmentException(path, "(expression)", n.toString(), "expected an object");
    }
    try {
      if (n.has("and") || n.has("or")) {
        String key = n.has("and") ? "and" : "or";
        only(n, path, key);
        JsonNode arr = n.get(key);
        if (!arr.isArray()) {
          throw new InvalidSegmentException(path, key, arr.toString(), "expected an array");
        }
        List<SegmentExpression> ops = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
          ops.add(fromNode(arr.get(i), path + "." + key + "[" + i + "]", depth + 1));
        }
        return key.equals("and") ? new And(ops) : new Or(ops);
      }
      if (n.has("not")) {
        only(n, path, "not");
        return new Not(fromNode(n.get("not"), path + ".not", depth + 1));
      }
      if (n.has("hasTag")) {
        only(n, path, "hasTag");
        return new HasTag(text(n, "hasTag", path));
      }
      if (n.has("consent")) {
        only(n, path, "consent");
        String c = text(n, "consent", path);
        try {
          return new Consented(Channel.valueOf(c));
        } catch (IllegalArgumentException e) {
          throw new InvalidSegmentException(path, "consent", c, "unknown channel");
        }
      }
      if (n.has("birthdayWithin")) {
        only(n, path, "birthdayWithin");
        return new BirthdayWithin((int) integer(n.get("birthdayWithin"), path, "birthdayWithin"));
      }
      String attrName = text(n, "attribute", path);
      Attribute attribute =
          Attribute.byTextName(attrName)
              .orElseThrow(
                  () ->
                      new InvalidSegmentException(
                          path, "attribute", attrName, "unknown attribute"));
      if (n.has("in")) {
        only(n, path, "attribute", "in");
        JsonNode arr = n.get("in");
        if (!arr.isArray()) {
          throw new InvalidSegmentException(path, attrName, arr.toString(), "'in' needs an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : arr) {
          if (!v.isTextual()) {
            throw new InvalidSegmentException(path, attrName, v.toString(), "expected a string");
          }
          values.add(v.textValue());
        }
        return new In(attribute, values);
      }
      if (n.has("between")) {
        only(n, path, "attribute", "between");
        JsonNode arr = n.get("between");
        if (!arr.isArray() || arr.size() != 2) {
          throw new InvalidSegmentException(
              path, attrName, arr.toString(), "'between' needs [low, high]");
        }
        return new Between(
            attribute, integer(arr.get(0), path, attrName), integer(arr.get(1), path, attrName));
      }
      only(n, path, "attribute", "op", "value");
      String opText = text(n, "op", path);
      Comparison op =
          Comparison.bySymbol(opText)
              .orElseThrow(
                  () -> new InvalidSegmentException(path, "op", opText, "unknown operator"));
      JsonNode value = n.get("value");
      if (value == null) {
        throw new InvalidSegmentException(path, attrName, "", "missing field 'value'");
      }
      if (attribute.kind() == Attribute.Kind.ENUMERATION && value.isTextual()) {
        if (op != Comparison.EQ && op != Comparison.NE) {
          throw new InvalidSegmentException(
              path, attrName, opText, "type mismatch: enumeration takes only = and !=");
        }
        In in = new In(attribute, List.of(value.textValue()));
        return op == Comparison.EQ ? in : new Not(in);
      }
      return new Compare(attribute, op, integer(value, path, attrName));
    } catch (IllegalArgumentException e) {
      throw new InvalidSegmentException(
          path,
          n.has("attribute") ? n.get("attribute").asText() : "(expression)",
          n.toString(),
          e.getMessage());
    }
  }

  private static void only(JsonNode n, String path, String... allowed) {
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!List.of(allowed).contains(f)) {
        throw new InvalidSegmentException(
            path, f, n.get(f).toString(), "unexpected field; expected only " + List.of(allowed));
      }
    }
  }

  private static String text(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidSegmentException(
          path,
          field,
          v == null ? "" : v.toString(),
          v == null ? "missing field" : "expected a string");
    }
    return v.textValue();
  }

  private static long integer(JsonNode v, String path, String attribute) {
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new InvalidSegmentException(
          path, attribute, v == null ? "" : v.toString(), "type mismatch: expected a whole number");
    }
    return v.longValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
