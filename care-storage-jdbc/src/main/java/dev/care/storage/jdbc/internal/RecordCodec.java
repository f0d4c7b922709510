package dev.care.storage.jdbc.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.care.core.money.Money;
import dev.care.core.time.internal.InstantText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
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
 * <p>Documents are written and read as token streams, without building a tree: only a value
 * declared by an interface is buffered (its {@code "@type"} may come after its other fields, as
 * {@code jsonb} orders keys by length). The path of a value (for error messages) is built only when
 * reading fails.
 *
 * <p>Every stored document goes through here, so what can be worked out once per record class is
 * (its {@code Shape}): getters of its components, a method handle of its canonical constructor, its
 * components' declared types taken apart ({@code Form}), their names quoted ({@link
 * SerializedString}). Reading expects the components in the order they are written, looking a name
 * up only when a document has them in another order (as {@code jsonb} returns them).
 *
 * <p>Thread-safe; reflection results are cached per class.
 */
public final class RecordCodec {
  private static final String TYPE = "@type";
  private static final SerializedString TYPE_KEY = new SerializedString(TYPE);
  private static final SerializedString CURRENCY = new SerializedString("currency");
  private static final SerializedString MINOR = new SerializedString("minor");

  /** Each enum's constants' names, quoted once, by ordinal. */
  private static final ClassValue<SerializableString[]> ENUM_NAMES =
      new ClassValue<>() {
        @Override
        protected SerializableString[] computeValue(Class<?> type) {
          Object[] constants = type.getEnumConstants();
          SerializableString[] names = new SerializableString[constants.length];
          for (int i = 0; i < constants.length; i++) {
            names[i] = new SerializedString(((Enum<?>) constants[i]).name());
          }
          return names;
        }
      };

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Each record class's shape, null for any other class: a {@code ClassValue}, so the lookup every
   * written or read value makes is a field read, not a hash map's.
   */
  private final ClassValue<Shape> shapes =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          return type.isRecord() ? shapeOf(type) : null;
        }
      };

  /** Record classes named by {@code "@type"} and found valid, by declared type and name. */
  private final Map<Class<?>, Map<String, Class<?>>> named = new ConcurrentHashMap<>();

  /** A codec. */
  public RecordCodec() {}

  /**
   * A record class as the codec writes and reads it.
   *
   * @param type the class
   * @param names its components' names, in declaration order
   * @param keys the same names quoted once for writing, and matched as they are for reading
   * @param forms the components' declared types, taken apart
   * @param accessors the components' accessors
   * @param canonical the canonical constructor, of type {@code (Object[])Object}: the components'
   *     values in declaration order
   * @param index each name's position
   */
  private record Shape(
      Class<?> type,
      String[] names,
      SerializableString[] keys,
      Form[] forms,
      Getter[] accessors,
      MethodHandle canonical,
      Map<String, Integer> index) {

    /** The value of component {@code i} of a record of this class. */
    Object component(Object record, int i) {
      try {
        return accessors[i].get(record);
      } catch (RuntimeException e) {
        throw new IllegalStateException("cannot read " + type.getName() + "." + names[i], e);
      }
    }

    /** The position of a component by name, -1 if the record has none of that name. */
    int indexOf(String name) {
      Integer i = index.get(name);
      return i == null ? -1 : i;
    }
  }

  /** The shape of a record class. */
  private Shape shape(Class<?> type) {
    Shape shape = shapes.get(type);
    if (shape == null) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    return shape;
  }

  /** What a declared type is to the codec. */
  private enum Kind {
    /** An {@code Optional}: {@code null} when empty. */
    OPTIONAL,
    /** A list (or a collection): an array, read as a list. */
    LIST,
    /** A set: an array, read as a set in its order. */
    SET,
    /** Any other collection: written as an array, not read. */
    COLLECTION,
    /** A map: an array of {@code [key, value]} pairs. */
    MAP,
    /** Any other parameterized type: neither written nor read. */
    PARAMETERIZED,
    /** A class: a record, or a value written as a scalar. */
    CLASS,
    /** Anything else (a type variable, a wildcard): neither written nor read. */
    OTHER
  }

  /**
   * A declared type taken apart once, when its record class is first met, instead of for every
   * value written or read.
   *
   * @param declared the type, for messages
   * @param kind what it is
   * @param type the class, for {@link Kind#CLASS}; else null
   * @param element the form of an optional's value, of a collection's elements or of a map's keys;
   *     else null
   * @param value the form of a map's values; else null
   */
  private record Form(Type declared, Kind kind, Class<?> type, Form element, Form value) {
    static Form of(Type declared) {
      if (declared instanceof Class<?> c) {
        return new Form(declared, Kind.CLASS, c, null, null);
      }
      if (!(declared instanceof ParameterizedType p)) {
        return new Form(declared, Kind.OTHER, null, null, null);
      }
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == Optional.class) {
        return new Form(declared, Kind.OPTIONAL, null, of(args[0]), null);
      }
      if (List.class.isAssignableFrom(raw) || raw == Collection.class) {
        return new Form(declared, Kind.LIST, null, of(args[0]), null);
      }
      if (Set.class.isAssignableFrom(raw)) {
        return new Form(declared, Kind.SET, null, of(args[0]), null);
      }
      if (Collection.class.isAssignableFrom(raw)) {
        return new Form(declared, Kind.COLLECTION, null, of(args[0]), null);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return new Form(declared, Kind.MAP, null, of(args[0]), of(args[1]));
      }
      return new Form(declared, Kind.PARAMETERIZED, null, null, null);
    }
  }

  /** Reads one component of a record. */
  @FunctionalInterface
  private interface Getter {
    Object get(Object record);
  }

  /**
   * Reads a record class's components, and makes getters of its accessors and a method handle of
   * its canonical constructor (a handle, unlike {@link Constructor#newInstance}, checks nothing on
   * each call).
   */
  private static Shape shapeOf(Class<?> t) {
    RecordComponent[] components = t.getRecordComponents();
    int n = components.length;
    String[] names = new String[n];
    SerializableString[] keys = new SerializableString[n];
    Form[] forms = new Form[n];
    Getter[] accessors = new Getter[n];
    Class<?>[] raw = new Class<?>[n];
    Map<String, Integer> index = new HashMap<>();
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    for (int i = 0; i < n; i++) {
      names[i] = components[i].getName();
      keys[i] = new SerializedString(names[i]);
      forms[i] = Form.of(components[i].getGenericType());
      try {
        accessors[i] = getter(lookup, t, components[i].getAccessor());
      } catch (IllegalAccessException | LambdaConversionException e) {
        throw new IllegalStateException("cannot read " + t.getName() + "." + names[i], e);
      }
      raw[i] = components[i].getType();
      index.put(names[i], i);
    }
    try {
      Constructor<?> canonical = t.getDeclaredConstructor(raw);
      canonical.trySetAccessible();
      MethodHandle create =
          lookup
              .unreflectConstructor(canonical)
              .asType(MethodType.genericMethodType(n))
              .asSpreader(Object[].class, n);
      return new Shape(t, names, keys, forms, accessors, create, Map.copyOf(index));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("record " + t.getName() + " has no canonical constructor", e);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot create " + t.getName(), e);
    }
  }

  /**
   * A getter calling a record's accessor. For a record class this package can name (accessible to
   * it, and the same class by name from its class loader, as the library's records are) the getter
   * is a class of its own made by the lambda metafactory, which calls the accessor directly. For
   * any other record it calls the accessor's method handle: the same result, and about a tenth more
   * time for writing a journal transaction ({@code RecordCodecBenchmark}).
   */
  private static Getter getter(MethodHandles.Lookup lookup, Class<?> t, Method accessor)
      throws IllegalAccessException, LambdaConversionException {
    // a record of a package not open to this module can still be read through its public
    // accessors: the access check is then the lookup's, once (best effort)
    accessor.trySetAccessible();
    MethodHandle direct = lookup.unreflect(accessor);
    if (nameable(lookup, t)) {
      CallSite site =
          LambdaMetafactory.metafactory(
              lookup,
              "get",
              MethodType.methodType(Getter.class),
              MethodType.methodType(Object.class, Object.class),
              direct,
              MethodType.methodType(accessor.getReturnType(), t).wrap());
      try {
        return (Getter) site.getTarget().invokeExact();
      } catch (Throwable e) {
        throw new IllegalStateException("cannot make a getter of " + accessor, e);
      }
    }
    MethodHandle generic = direct.asType(MethodType.methodType(Object.class, Object.class));
    return record -> {
      try {
        return (Object) generic.invokeExact(record);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot call " + accessor, e);
      }
    };
  }

  /**
   * Whether code of this package can name a class: accessible to it, and the same class by name
   * from its class loader.
   */
  private static boolean nameable(MethodHandles.Lookup lookup, Class<?> t) {
    try {
      lookup.accessClass(t);
      return Class.forName(t.getName(), false, RecordCodec.class.getClassLoader()) == t;
    } catch (IllegalAccessException | ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Where a value sits in a document, rendered only for an error message: a component of its
   * parent, or an element of it.
   */
  private record Path(Path parent, String name, int element) {
    static Path root(String name) {
      return new Path(null, name, -1);
    }

    Path component(String component) {
      return new Path(this, component, -1);
    }

    Path element(int i) {
      return new Path(this, null, i);
    }

    Path key() {
      return new Path(this, "key", -1);
    }

    Path value() {
      return new Path(this, "value", -1);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      render(b);
      return b.toString();
    }

    private void render(StringBuilder b) {
      if (parent != null) {
        parent.render(b);
      }
      if (name == null) {
        b.append('[').append(element).append(']');
      } else {
        if (parent != null) {
          b.append('.');
        }
        b.append(name);
      }
    }
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
    Text out = new Text();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      encode(g, value, Form.of(type));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + type.getName() + " as JSON", e);
    }
    return out.toString();
  }

  /**
   * Where a document's text goes: the generator buffers the text and hands it over in a few large
   * pieces (usually one, when it closes), which are copied into one array and made a string once. A
   * {@link StringWriter} would append them to a synchronized {@code StringBuffer} character by
   * character and copy them again for {@code toString}.
   */
  private static final class Text extends Writer {
    private char[] chars = new char[0];
    private int length;

    @Override
    public void write(char[] text, int offset, int count) {
      ensure(count);
      System.arraycopy(text, offset, chars, length, count);
      length += count;
    }

    @Override
    public void write(String text, int offset, int count) {
      ensure(count);
      text.getChars(offset, offset + count, chars, length);
      length += count;
    }

    @Override
    public void write(int c) {
      ensure(1);
      chars[length++] = (char) c;
    }

    private void ensure(int more) {
      if (length + more > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(2 * chars.length, length + more));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return new String(chars, 0, length);
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
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() == null) {
        throw new IllegalArgumentException("stored " + type.getSimpleName() + " is empty");
      }
      return type.cast(decode(p, Form.of(type), Path.root(type.getSimpleName())));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored " + type.getSimpleName() + " is not JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a JSON array of values written by {@link #write} (as a query aggregates documents).
   *
   * @param json the JSON text of an array
   * @param type the declared type of each element
   * @param <T> the type
   * @return the values, in order
   * @throws IllegalArgumentException if the text is not an array of stored values of that type
   */
  public <T> List<T> readList(String json, Class<T> type) {
    Objects.requireNonNull(json, "json");
    Path root = Path.root(type.getSimpleName() + "s");
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException(root + ": expected an array, got " + kind(p));
      }
      List<T> out = new ArrayList<>();
      Form form = Form.of(type);
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(type.cast(decode(p, form, root.element(out.size()))));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored " + root + " are not JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    try (JsonParser p = JSON.treeAsTokens(node)) {
      p.nextToken();
      return type.cast(decode(p, Form.of(type), Path.root(type.getSimpleName())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a map of strings as one JSON object (for jsonb columns that queries may look into).
   *
   * @param map the map
   * @return the JSON text
   */
  public String writeStrings(Map<String, String> map) {
    Text out = new Text();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> e : map.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a map of strings as JSON", e);
    }
    return out.toString();
  }

  /**
   * Reads a JSON object of strings written by {@link #writeStrings}.
   *
   * @param json the JSON text
   * @return the map
   * @throws IllegalArgumentException if the text is not an object of strings
   */
  public Map<String, String> readStrings(String json) {
    Objects.requireNonNull(json, "json");
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object of strings, got " + json);
      }
      Map<String, String> out = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          p.skipChildren();
          throw new IllegalArgumentException(
              "expected text under " + key + ", got " + tree(json).get(key));
        }
        out.put(key, p.getText());
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored text is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void encode(JsonGenerator g, Object value, Form form) throws IOException {
    if (form.kind != Kind.CLASS) {
      encodeContainer(g, value, form);
      return;
    }
    Class<?> type = form.type;
    Class<?> actual = value.getClass();
    // a record already seen goes straight to its shape, past the scalar checks
    Shape shape = shapes.get(actual);
    if (shape == null) {
      if (scalar(g, value)) {
        return;
      }
      throw new IllegalArgumentException("cannot store values of type " + actual.getName());
    }
    g.writeStartObject();
    if (type != actual) {
      g.writeFieldName(TYPE_KEY);
      g.writeString(actual.getName());
    }
    for (int i = 0; i < shape.names.length; i++) {
      Object component = shape.component(value, i);
      g.writeFieldName(shape.keys[i]);
      encode(g, component, shape.forms[i]);
    }
    g.writeEndObject();
  }

  /** Writes an optional, a collection or a map. */
  private void encodeContainer(JsonGenerator g, Object value, Form form) throws IOException {
    switch (form.kind) {
      case OPTIONAL -> {
        Optional<?> o = (Optional<?>) value;
        if (o.isPresent()) {
          encode(g, o.get(), form.element);
        } else {
          g.writeNull();
        }
      }
      case LIST, SET, COLLECTION -> {
        g.writeStartArray();
        for (Object element : (Collection<?>) value) {
          encode(g, element, form.element);
        }
        g.writeEndArray();
      }
      case MAP -> {
        g.writeStartArray();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          g.writeStartArray();
          encode(g, e.getKey(), form.element);
          encode(g, e.getValue(), form.value);
          g.writeEndArray();
        }
        g.writeEndArray();
      }
      default -> throw new IllegalArgumentException("cannot store values of type " + form.declared);
    }
  }

  /** Writes a value that is not a record or container; false if it is one. */
  private static boolean scalar(JsonGenerator g, Object value) throws IOException {
    if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Enum<?> e) {
      g.writeString(ENUM_NAMES.get(e.getDeclaringClass())[e.ordinal()]);
    } else if (value instanceof Instant i) {
      writeInstant(g, i);
    } else if (value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Duration
        || value instanceof LocalDate
        || value instanceof LocalDateTime
        || value instanceof LocalTime
        || value instanceof MonthDay) {
      g.writeString(value.toString());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof OptionalLong o) {
      if (o.isPresent()) {
        g.writeNumber(o.getAsLong());
      } else {
        g.writeNull();
      }
    } else if (value instanceof OptionalInt o) {
      if (o.isPresent()) {
        g.writeNumber(o.getAsInt());
      } else {
        g.writeNull();
      }
    } else if (value instanceof OptionalDouble o) {
      if (o.isPresent()) {
        g.writeNumber(o.getAsDouble());
      } else {
        g.writeNull();
      }
    } else if (value instanceof ZoneId z) {
      g.writeString(z.getId());
    } else if (value instanceof Locale l) {
      g.writeString(l.toLanguageTag());
    } else if (value instanceof Currency c) {
      g.writeString(c.getCurrencyCode());
    } else if (value instanceof Money m) {
      g.writeStartObject();
      g.writeFieldName(CURRENCY);
      g.writeString(m.currency().getCurrencyCode());
      g.writeFieldName(MINOR);
      g.writeNumber(m.minorUnits());
      g.writeEndObject();
    } else {
      return false;
    }
    return true;
  }

  /**
   * Reads the value that starts at the parser's current token; leaves the parser at the value's
   * last token.
   */
  private Object decode(JsonParser p, Form form, Path path) throws IOException {
    JsonToken t = p.currentToken();
    if (form.kind == Kind.OPTIONAL) {
      return t == JsonToken.VALUE_NULL
          ? Optional.empty()
          : Optional.of(decode(p, form.element, path));
    }
    if (form.kind != Kind.CLASS) {
      return decodeContainer(p, form, path);
    }
    Class<?> type = form.type;
    if (t == JsonToken.VALUE_NULL) {
      return absent(form, path);
    }
    if (type == OptionalLong.class) {
      return OptionalLong.of(integral(p, path));
    }
    if (type == OptionalInt.class) {
      return OptionalInt.of((int) integral(p, path));
    }
    if (type == OptionalDouble.class) {
      return OptionalDouble.of(number(p, path));
    }
    if (t != JsonToken.START_OBJECT) {
      return scalar(p, type, path);
    }
    if (type == Money.class) {
      return money(p, path);
    }
    if (!type.isInterface() && shapes.get(type) != null) {
      return record(p, type, path);
    }
    // a value declared by an interface names its record class: first, as this codec writes it,
    // so the record's fields are read on from there
    if (p.nextFieldName(TYPE_KEY)) {
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException(path + ": cannot read values of type " + type.getName());
      }
      return fields(p, recordClass(p.getText(), type, path), path);
    }
    // or after some of its other fields (jsonb puts shorter keys first): only the fields before
    // the name are buffered, then the record is read from them followed by the rest of the stream
    TokenBuffer before = new TokenBuffer(p);
    before.writeStartObject();
    String typeName = null;
    while (typeName == null && p.currentToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (TYPE.equals(field) && p.currentToken() == JsonToken.VALUE_STRING) {
        typeName = p.getText();
      } else if (TYPE.equals(field)) {
        break;
      } else {
        before.writeFieldName(field);
        before.copyCurrentStructure(p);
        p.nextToken();
      }
    }
    if (typeName == null) {
      throw new IllegalArgumentException(path + ": cannot read values of type " + type.getName());
    }
    Class<?> actual = recordClass(typeName, type, path);
    // not closed: closing the sequence would close the document's parser, which the caller reads on
    JsonParser sub = JsonParserSequence.createFlattened(false, before.asParser(p), p);
    sub.nextToken();
    return record(sub, actual, path);
  }

  /** Reads a list, set or map from the array at the parser's current token. */
  private Object decodeContainer(JsonParser p, Form form, Path path) throws IOException {
    if (form.kind == Kind.OTHER) {
      throw new IllegalArgumentException(path + ": cannot read values of type " + form.declared);
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException(path + ": expected an array, got " + kind(p));
    }
    switch (form.kind) {
      case LIST -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(decode(p, form.element, path.element(list.size())));
        }
        return List.copyOf(list);
      }
      case SET -> {
        Set<Object> set = new LinkedHashSet<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
          set.add(decode(p, form.element, path.element(i)));
        }
        return Collections.unmodifiableSet(set);
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
          Path pair = path.element(i);
          if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(
                pair + ": expected a [key, value] pair, got " + kind(p));
          }
          Object key = decodeNext(p, form.element, pair.key());
          Object value = decodeNext(p, form.value, pair.value());
          while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
          }
          map.put(key, value);
        }
        return Collections.unmodifiableMap(map);
      }
      default ->
          throw new IllegalArgumentException(
              path + ": cannot read values of type " + form.declared);
    }
  }

  /** Moves to the next token and reads the value starting there. */
  private Object decodeNext(JsonParser p, Form form, Path path) throws IOException {
    if (p.nextToken() == JsonToken.END_ARRAY) {
      throw new IllegalArgumentException(
          path + ": missing value of type " + form.declared.getTypeName());
    }
    return decode(p, form, path);
  }

  /** The value of a component that is null or missing from its document. */
  private static Object absent(Form form, Path path) {
    Type declared = form.declared;
    if (declared == OptionalLong.class) {
      return OptionalLong.empty();
    }
    if (declared == OptionalInt.class) {
      return OptionalInt.empty();
    }
    if (declared == OptionalDouble.class) {
      return OptionalDouble.empty();
    }
    if (form.kind == Kind.OPTIONAL) {
      return Optional.empty();
    }
    String name = declared instanceof Class<?> c ? c.getSimpleName() : declared.getTypeName();
    throw new IllegalArgumentException(path + ": missing value of type " + name);
  }

  private Object record(JsonParser p, Class<?> type, Path path) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException(
          path + ": expected a " + type.getSimpleName() + " object, got " + kind(p));
    }
    return fields(p, type, path);
  }

  /**
   * Reads a record's fields from the token after the parser's current one to the end of its object,
   * and makes the record.
   */
  private Object fields(JsonParser p, Class<?> type, Path path) throws IOException {
    Shape shape = shape(type);
    int n = shape.names.length;
    Object[] args = new Object[n];
    boolean[] seen = new boolean[n];
    // the component expected next: this codec writes them in order, so the name is matched as the
    // parser reads it, without a lookup, unless the document has them in another order
    int next = 0;
    while (true) {
      int i;
      if (next < n && p.nextFieldName(shape.keys[next])) {
        i = next;
      } else if ((next < n ? p.currentToken() : p.nextToken()) == JsonToken.FIELD_NAME) {
        i = shape.indexOf(p.currentName());
      } else {
        break;
      }
      String field = p.currentName();
      p.nextToken();
      if (i >= 0) {
        args[i] = decode(p, shape.forms[i], path.component(field));
        seen[i] = true;
        next = i + 1;
      } else if (TYPE.equals(field)) {
        if (p.currentToken() != JsonToken.VALUE_STRING
            || recordClass(p.getText(), type, path) != type) {
          throw new IllegalArgumentException(
              path + ": type " + p.getText() + " is not a record implementing " + type.getName());
        }
      } else {
        p.skipChildren();
      }
    }
    for (int i = 0; i < args.length; i++) {
      if (!seen[i]) {
        args[i] = absent(shape.forms[i], path.component(shape.names[i]));
      }
    }
    try {
      return (Object) shape.canonical.invokeExact(args);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          path + ": stored " + type.getSimpleName() + " is invalid: " + e.getMessage(), e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot create " + type.getName(), e);
    }
  }

  private static Money money(JsonParser p, Path path) throws IOException {
    String currency = null;
    Long minor = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("currency") && p.currentToken() == JsonToken.VALUE_STRING) {
        currency = p.getText();
      } else if (field.equals("minor")) {
        minor = integral(p, path.component("minor"));
      } else {
        p.skipChildren();
      }
    }
    if (currency == null || minor == null) {
      throw new IllegalArgumentException(path + ": a Money needs a currency and minor units");
    }
    try {
      return Money.ofMinor(currency, minor);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(path + ": '" + currency + "' is not a Money", e);
    }
  }

  /** What a token is, in the words of a message. */
  private static String kind(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "OBJECT";
      case START_ARRAY -> "ARRAY";
      case VALUE_STRING -> "STRING";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
      case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
      case VALUE_NULL -> "NULL";
      default -> t.name();
    };
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

  /**
   * The record class a stored {@code "@type"} names, checked to be a care record implementing the
   * declared type: looked up once per declared type and name, then from {@link #named}.
   */
  private Class<?> recordClass(String name, Class<?> declared, Path path) {
    Map<String, Class<?>> byName = named.get(declared);
    Class<?> known = byName == null ? null : byName.get(name);
    if (known != null) {
      return known;
    }
    Class<?> c = lookUpRecordClass(name, declared, path);
    named.computeIfAbsent(declared, d -> new ConcurrentHashMap<>()).put(name, c);
    return c;
  }

  private static Class<?> lookUpRecordClass(String name, Class<?> declared, Path path) {
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

  private static Object scalar(JsonParser p, Class<?> type, Path path) throws IOException {
    if (type == String.class) {
      return text(p, type, path);
    }
    if (type == long.class || type == Long.class) {
      return integral(p, path);
    }
    if (type == int.class || type == Integer.class) {
      return (int) integral(p, path);
    }
    if (type == boolean.class || type == Boolean.class) {
      JsonToken t = p.currentToken();
      if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
        throw new IllegalArgumentException(path + ": expected a boolean, got " + kind(p));
      }
      return t == JsonToken.VALUE_TRUE;
    }
    if (type == double.class || type == Double.class) {
      return number(p, path);
    }
    String text = text(p, type, path);
    try {
      if (type.isEnum()) {
        return enumValue(type, text);
      }
      if (type == Instant.class) {
        return InstantText.parse(text);
      }
      if (type == BigDecimal.class) {
        return new BigDecimal(text);
      }
      if (type == BigInteger.class) {
        return new BigInteger(text);
      }
      if (type == Duration.class) {
        return Duration.parse(text);
      }
      if (type == LocalDate.class) {
        return LocalDate.parse(text);
      }
      if (type == LocalDateTime.class) {
        return LocalDateTime.parse(text);
      }
      if (type == LocalTime.class) {
        return LocalTime.parse(text);
      }
      if (type == MonthDay.class) {
        return MonthDay.parse(text);
      }
      if (type == ZoneId.class) {
        return ZoneId.of(text);
      }
      if (type == Locale.class) {
        return Locale.forLanguageTag(text);
      }
      if (type == Currency.class) {
        return Currency.getInstance(text);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          path + ": '" + text + "' is not a " + type.getSimpleName(), e);
    }
    throw new IllegalArgumentException(path + ": cannot read values of type " + type.getName());
  }

  /**
   * Writes an instant as the JSON string of {@link Instant#toString}: directly as raw text in
   * quotes when {@link InstantText#put} writes it, which never needs escaping, so the generator
   * need not look at each character (instants are a good part of every journal transaction).
   */
  private static void writeInstant(JsonGenerator g, Instant instant) throws IOException {
    char[] out = new char[InstantText.MAX_LENGTH + 2];
    out[0] = '"';
    int n = InstantText.put(out, 1, instant);
    if (n < 0) {
      g.writeString(instant.toString());
    } else {
      out[n] = '"';
      g.writeRawValue(out, 0, n + 1);
    }
  }

  private static String text(JsonParser p, Class<?> type, Path path) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(
          path + ": expected text for a " + type.getSimpleName() + ", got " + kind(p));
    }
    return p.getText();
  }

  private static long integral(JsonParser p, Path path) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new IllegalArgumentException(
          path + ": expected an integer, got " + kind(p) + " " + p.getText());
    }
    return p.getLongValue();
  }

  private static double number(JsonParser p, Path path) throws IOException {
    if (!p.currentToken().isNumeric()) {
      throw new IllegalArgumentException(path + ": expected a number, got " + kind(p));
    }
    return p.getDoubleValue();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }
}
