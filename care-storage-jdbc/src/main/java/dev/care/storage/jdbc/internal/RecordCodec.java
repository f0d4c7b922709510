package dev.care.storage.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.care.core.money.Money;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the library's records (customers, consumption records, interactions, ledger transactions,
 * care actions and tasks, outbox messages) into JSON documents and back, by their record
 * components, so a round trip gives an equal value. Values whose declared type is an interface
 * carry their record class under {@code "@type"}; on reading, that class must be a record of the
 * library ({@code dev.care.}) implementing the declared interface, so stored text can never make
 * the codec instantiate anything else. Optionals are {@code null} when empty; maps are arrays of
 * {@code [key, value]} pairs (keys need not be strings); {@link BigDecimal}s and instants are
 * strings, so nothing is rounded.
 *
 * <p>Thread-safe; reflection results are cached per class.
 */
public final class RecordCodec {
  private static final String TYPE = "@type";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();

  /** A codec. */
  public RecordCodec() {}

  private record Shape(
      RecordComponent[] components, Method[] accessors, Constructor<?> canonical) {}

  private Shape shape(Class<?> type) {
    return shapes.computeIfAbsent(
        type,
        t -> {
          RecordComponent[] components = t.getRecordComponents();
          Method[] accessors = new Method[components.length];
          Class<?>[] types = new Class<?>[components.length];
          for (int i = 0; i < components.length; i++) {
            accessors[i] = components[i].getAccessor();
            types[i] = components[i].getType();
          }
          try {
            return new Shape(components, accessors, t.getDeclaredConstructor(types));
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                "record " + t.getName() + " has no canonical constructor", e);
          }
        });
  }

  /**
   * Writes a value as JSON text.
   *
   * @param value the value, a record
   * @param type its declared type
   * @return the JSON text
   */
  public String write(Object value, Class<?> type) {
    Objects.requireNonNull(value, "value");
    try {
      return JSON.writeValueAsString(encode(value, type));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + type.getName() + " as JSON", e);
    }
  }

  /**
   * Reads a value written by {@link #write}.
   *
   * @param json the JSON text
   * @param type the declared type
   * @param <T> the type
   * @return the value
   * @throws IllegalArgumentException if the text is not a stored value of that type
   */
  public <T> T read(String json, Class<T> type) {
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored " + type.getSimpleName() + " is not JSON", e);
    }
    return type.cast(decode(node, type, type.getSimpleName()));
  }

  /**
   * Parses stored JSON text into a tree, for code that reads or upgrades documents field by field.
   *
   * @param json the JSON text
   * @return the tree
   * @throws IllegalArgumentException if the text is not JSON
   */
  public JsonNode tree(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored text is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a value from a tree in the form {@link #write} produces.
   *
   * @param node the tree
   * @param type the declared type
   * @param <T> the type
   * @return the value
   * @throws IllegalArgumentException if the tree is not a stored value of that type
   */
  public <T> T read(JsonNode node, Class<T> type) {
    Objects.requireNonNull(node, "node");
    return type.cast(decode(node, type, type.getSimpleName()));
  }

  /**
   * Writes a map of strings as one JSON object (for jsonb columns that queries may look into).
   *
   * @param map the map
   * @return the JSON text
   */
  public String writeStrings(Map<String, String> map) {
    ObjectNode object = NODES.objectNode();
    map.forEach(object::put);
    return object.toString();
  }

  /**
   * Reads a JSON object of strings written by {@link #writeStrings}.
   *
   * @param json the JSON text
   * @return the map
   * @throws IllegalArgumentException if the text is not an object of strings
   */
  public Map<String, String> readStrings(String json) {
    JsonNode node = tree(json);
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object of strings, got " + json);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), requireText(e.getValue()));
    }
    return out;
  }

  private JsonNode encode(Object value, Type declared) {
    if (declared instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == Optional.class) {
        Optional<?> o = (Optional<?>) value;
        return o.isPresent() ? encode(o.get(), args[0]) : NODES.nullNode();
      }
      if (Collection.class.isAssignableFrom(raw)) {
        ArrayNode array = NODES.arrayNode();
        for (Object element : (Collection<?>) value) {
          array.add(encode(element, args[0]));
        }
        return array;
      }
      if (Map.class.isAssignableFrom(raw)) {
        ArrayNode array = NODES.arrayNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          array.add(
              NODES
                  .arrayNode()
                  .add(encode(e.getKey(), args[0]))
                  .add(encode(e.getValue(), args[1])));
        }
        return array;
      }
      throw new IllegalArgumentException("cannot store values of type " + declared);
    }
    if (!(declared instanceof Class<?> type)) {
      throw new IllegalArgumentException("cannot store values of type " + declared);
    }
    Class<?> actual = value.getClass();
    JsonNode scalar = scalar(value);
    if (scalar != null) {
      return scalar;
    }
    if (!actual.isRecord()) {
      throw new IllegalArgumentException("cannot store values of type " + actual.getName());
    }
    ObjectNode object = NODES.objectNode();
    if (type != actual) {
      object.put(TYPE, actual.getName());
    }
    Shape shape = shape(actual);
    for (int i = 0; i < shape.components.length; i++) {
      Object component;
      try {
        component = shape.accessors[i].invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(
            "cannot read " + actual.getName() + "." + shape.components[i].getName(), e);
      }
      object.set(
          shape.components[i].getName(), encode(component, shape.components[i].getGenericType()));
    }
    return object;
  }

  private static JsonNode scalar(Object value) {
    if (value instanceof OptionalLong o) {
      return o.isPresent() ? NODES.numberNode(o.getAsLong()) : NODES.nullNode();
    }
    if (value instanceof OptionalInt o) {
      return o.isPresent() ? NODES.numberNode(o.getAsInt()) : NODES.nullNode();
    }
    if (value instanceof OptionalDouble o) {
      return o.isPresent() ? NODES.numberNode(o.getAsDouble()) : NODES.nullNode();
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Enum<?> e) {
      return NODES.textNode(e.name());
    }
    if (value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Instant
        || value instanceof Duration
        || value instanceof LocalDate
        || value instanceof LocalDateTime
        || value instanceof LocalTime
        || value instanceof MonthDay) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof ZoneId z) {
      return NODES.textNode(z.getId());
    }
    if (value instanceof Locale l) {
      return NODES.textNode(l.toLanguageTag());
    }
    if (value instanceof Currency c) {
      return NODES.textNode(c.getCurrencyCode());
    }
    if (value instanceof Money m) {
      return NODES
          .objectNode()
          .put("currency", m.currency().getCurrencyCode())
          .put("minor", m.minorUnits());
    }
    return null;
  }

  private Object decode(JsonNode node, Type declared, String path) {
    if (declared instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == Optional.class) {
        return node == null || node.isNull()
            ? Optional.empty()
            : Optional.of(decode(node, args[0], path));
      }
      if (!node.isArray()) {
        throw new IllegalArgumentException(path + ": expected an array, got " + node.getNodeType());
      }
      if (List.class.isAssignableFrom(raw) || raw == Collection.class) {
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          list.add(decode(node.get(i), args[0], path + "[" + i + "]"));
        }
        return List.copyOf(list);
      }
      if (Set.class.isAssignableFrom(raw)) {
        Set<Object> set = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
          set.add(decode(node.get(i), args[0], path + "[" + i + "]"));
        }
        return java.util.Collections.unmodifiableSet(set);
      }
      if (Map.class.isAssignableFrom(raw)) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
          JsonNode pair = node.get(i);
          map.put(
              decode(pair.get(0), args[0], path + "[" + i + "].key"),
              decode(pair.get(1), args[1], path + "[" + i + "].value"));
        }
        return java.util.Collections.unmodifiableMap(map);
      }
      throw new IllegalArgumentException(path + ": cannot read values of type " + declared);
    }
    if (!(declared instanceof Class<?> type)) {
      throw new IllegalArgumentException(path + ": cannot read values of type " + declared);
    }
    boolean absent = node == null || node.isNull();
    if (type == OptionalLong.class) {
      return absent ? OptionalLong.empty() : OptionalLong.of(integral(node, path).longValue());
    }
    if (type == OptionalInt.class) {
      return absent ? OptionalInt.empty() : OptionalInt.of(integral(node, path).intValue());
    }
    if (type == OptionalDouble.class) {
      return absent ? OptionalDouble.empty() : OptionalDouble.of(node.doubleValue());
    }
    if (absent) {
      throw new IllegalArgumentException(path + ": missing value of type " + type.getSimpleName());
    }
    try {
      Object scalar = readScalar(node, type);
      if (scalar != null) {
        return scalar;
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          path + ": '" + node.asText() + "' is not a " + type.getSimpleName(), e);
    }
    Class<?> actual = type;
    if (node.has(TYPE)) {
      actual = recordClass(node.get(TYPE).asText(), type, path);
    }
    if (!actual.isRecord()) {
      throw new IllegalArgumentException(path + ": cannot read values of type " + type.getName());
    }
    Shape shape = shape(actual);
    Object[] args = new Object[shape.components.length];
    for (int i = 0; i < args.length; i++) {
      RecordComponent c = shape.components[i];
      args[i] = decode(node.get(c.getName()), c.getGenericType(), path + "." + c.getName());
    }
    try {
      return shape.canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          path + ": stored " + actual.getSimpleName() + " is invalid: " + e.getCause().getMessage(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + actual.getName(), e);
    }
  }

  /**
   * Records that moved to another package since documents were first written: the name a stored
   * document carries, and the class's name now. A document keeps the name it was written with, so a
   * journal written before a move still reads.
   */
  private static final Map<String, String> MOVED =
      Map.of(
          "dev.care.core.wallet.TopUp", "dev.care.core.ledger.TopUp",
          "dev.care.core.wallet.Spend", "dev.care.core.ledger.Spend",
          "dev.care.core.wallet.CashOut", "dev.care.core.ledger.CashOut",
          "dev.care.core.wallet.GrantBonus", "dev.care.core.ledger.GrantBonus");

  /**
   * The class name now of a record class name a stored document carries.
   *
   * @param stored the name under {@code "@type"}
   * @return the name to load
   */
  static String currentName(String stored) {
    return MOVED.getOrDefault(stored, stored);
  }

  private static Class<?> recordClass(String name, Class<?> declared, String path) {
    if (!name.startsWith("dev.care.")) {
      throw new IllegalArgumentException(path + ": type " + name + " is not a care record");
    }
    Class<?> c;
    try {
      c = Class.forName(currentName(name), false, declared.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(path + ": unknown type " + name, e);
    }
    if (!c.isRecord() || !declared.isAssignableFrom(c)) {
      throw new IllegalArgumentException(
          path + ": type " + name + " is not a record implementing " + declared.getName());
    }
    return c;
  }

  private static Object readScalar(JsonNode node, Class<?> type) {
    if (type == String.class) {
      return requireText(node);
    }
    if (type == int.class || type == Integer.class) {
      return integral(node, "int").intValue();
    }
    if (type == long.class || type == Long.class) {
      return integral(node, "long").longValue();
    }
    if (type == boolean.class || type == Boolean.class) {
      return node.booleanValue();
    }
    if (type == double.class || type == Double.class) {
      return node.doubleValue();
    }
    if (type.isEnum()) {
      return enumValue(type, requireText(node));
    }
    if (type == BigDecimal.class) {
      return new BigDecimal(requireText(node));
    }
    if (type == BigInteger.class) {
      return new BigInteger(requireText(node));
    }
    if (type == Instant.class) {
      return Instant.parse(requireText(node));
    }
    if (type == Duration.class) {
      return Duration.parse(requireText(node));
    }
    if (type == LocalDate.class) {
      return LocalDate.parse(requireText(node));
    }
    if (type == LocalDateTime.class) {
      return LocalDateTime.parse(requireText(node));
    }
    if (type == LocalTime.class) {
      return LocalTime.parse(requireText(node));
    }
    if (type == MonthDay.class) {
      return MonthDay.parse(requireText(node));
    }
    if (type == ZoneId.class) {
      return ZoneId.of(requireText(node));
    }
    if (type == Locale.class) {
      return Locale.forLanguageTag(requireText(node));
    }
    if (type == Currency.class) {
      return Currency.getInstance(requireText(node));
    }
    if (type == Money.class) {
      return Money.ofMinor(requireText(node.get("currency")), node.get("minor").longValue());
    }
    return null;
  }

  private static JsonNode integral(JsonNode node, String what) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException(what + ": expected an integer, got " + node);
    }
    return node;
  }

  private static String requireText(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("expected text");
    }
    return node.textValue();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }
}
