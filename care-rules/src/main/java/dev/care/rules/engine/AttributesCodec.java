package dev.care.rules.engine;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerType;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.time.internal.InstantText;
import dev.care.rules.segment.CustomerAttributes;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The segment projection of one customer as the compact string map stored in their care state
 * ({@code CareState.attributes}), so an engine fills its segment index from one streaming read of
 * the states instead of re-reading every customer's history: the attributes, and under {@code
 * activations} the pending points with the instants they become available ({@code
 * INSTANT=POINTS,...}, in time order; absent when there are none).
 */
final class AttributesCodec {
  /** The element type of the array {@link #encode} makes its map from. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Map.Entry<String, String>[] ENTRIES = new Map.Entry[0];

  private AttributesCodec() {}

  static Map<String, String> encode(Projection p) {
    CustomerAttributes a = p.attributes();
    // made immutable at once: the care state keeps it as it is instead of copying a mutable map
    List<Map.Entry<String, String>> m = new ArrayList<>(16);
    a.lastPurchase().ifPresent(d -> m.add(Map.entry("lastPurchase", d.toString())));
    a.enrolled().ifPresent(d -> m.add(Map.entry("enrolled", d.toString())));
    m.add(Map.entry("frequency", Integer.toString(a.frequency())));
    m.add(Map.entry("monetary", Long.toString(a.monetary())));
    m.add(Map.entry("points", Long.toString(a.pointsBalance())));
    m.add(Map.entry("satisfaction", Integer.toString(a.satisfactionIndex())));
    m.add(Map.entry("openComplaints", Integer.toString(a.openComplaints())));
    m.add(Map.entry("rfm", a.rfmR() + "," + a.rfmF() + "," + a.rfmM()));
    m.add(Map.entry("pAlive", Integer.toString(a.pAlive())));
    m.add(Map.entry("tier", a.tier()));
    m.add(Map.entry("stage", a.lifecycleStage().name()));
    m.add(Map.entry("type", a.customerType().name()));
    m.add(Map.entry("tags", a.tags().isEmpty() ? "" : String.join(",", new TreeSet<>(a.tags()))));
    List<String> consents = new ArrayList<>(Channel.values().length);
    a.consents().forEach(c -> consents.add(c.name()));
    consents.sort(null);
    m.add(Map.entry("consents", String.join(",", consents)));
    a.birthday().ifPresent(b -> m.add(Map.entry("birthday", b.toString())));
    if (!p.activations().isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (Projection.Activation pending : p.activations()) {
        if (text.length() > 0) {
          text.append(',');
        }
        InstantText.append(text, pending.at()).append('=').append(pending.points());
      }
      m.add(Map.entry("activations", text.toString()));
    }
    return Map.ofEntries(m.toArray(ENTRIES));
  }

  /**
   * Decodes a stored projection.
   *
   * @param m the stored map
   * @return the projection, or empty when the map holds none (a state written before projections
   *     were stored)
   * @throws IllegalArgumentException if the map is malformed
   */
  static Optional<Projection> decode(Map<String, String> m) {
    if (!m.containsKey("stage")) {
      return Optional.empty();
    }
    CustomerAttributes.Builder b = CustomerAttributes.builder();
    optional(m, "lastPurchase", LocalDate::parse).ifPresent(b::lastPurchase);
    optional(m, "enrolled", LocalDate::parse).ifPresent(b::enrolled);
    b.frequency(required(m, "frequency", Integer::parseInt));
    b.monetary(required(m, "monetary", Long::parseLong));
    b.pointsBalance(required(m, "points", Long::parseLong));
    b.satisfactionIndex(required(m, "satisfaction", Integer::parseInt));
    b.openComplaints(required(m, "openComplaints", Integer::parseInt));
    int[] rfm = optional(m, "rfm", AttributesCodec::rfm).orElse(new int[3]);
    b.rfm(rfm[0], rfm[1], rfm[2]);
    b.pAlive(optional(m, "pAlive", Integer::parseInt).orElse(0));
    b.tier(required(m, "tier", t -> t));
    b.lifecycleStage(required(m, "stage", LifecycleStage::valueOf));
    b.customerType(required(m, "type", CustomerType::valueOf));
    b.tags(optional(m, "tags", AttributesCodec::split).orElse(Set.of()));
    b.consents(optional(m, "consents", AttributesCodec::consents).orElse(Set.of()));
    optional(m, "birthday", MonthDay::parse).ifPresent(b::birthday);
    List<Projection.Activation> activations = new ArrayList<>();
    for (String pending : parts(m.getOrDefault("activations", ""))) {
      int eq = pending.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "stored activation " + pending + " is not INSTANT=POINTS");
      }
      try {
        activations.add(
            new Projection.Activation(
                InstantText.parse(pending.substring(0, eq)),
                Long.parseLong(pending.substring(eq + 1))));
      } catch (RuntimeException e) {
        // an unreadable instant or number, or points not above 0
        throw new IllegalArgumentException(
            "stored activation " + pending + " is not INSTANT=POINTS: " + e.getMessage(), e);
      }
    }
    return Optional.of(new Projection(b.build(), activations));
  }

  /**
   * A stored entry read by {@code parse}: an entry that is missing, or that {@code parse} cannot
   * read, is refused naming the entry and its text.
   */
  private static <T> T required(Map<String, String> m, String name, Function<String, T> parse) {
    return optional(m, name, parse)
        .orElseThrow(() -> new IllegalArgumentException("stored projection has no " + name));
  }

  /** A stored entry read by {@code parse} if present, refused as {@link #required} says. */
  private static <T> Optional<T> optional(
      Map<String, String> m, String name, Function<String, T> parse) {
    String text = m.get(name);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(text));
    } catch (RuntimeException e) {
      // a number, date, name or list that does not read
      throw new IllegalArgumentException(
          "stored projection entry " + name + " '" + text + "' is unreadable: " + e.getMessage(),
          e);
    }
  }

  /** The three RFM scores of {@code R,F,M}. */
  private static int[] rfm(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected three scores R,F,M");
    }
    return new int[] {
      Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])
    };
  }

  private static Set<Channel> consents(String text) {
    Set<Channel> consents = EnumSet.noneOf(Channel.class);
    split(text).forEach(c -> consents.add(Channel.valueOf(c)));
    return consents;
  }

  /** The comma-separated parts of a text in their order (none for the empty text). */
  private static List<String> parts(String s) {
    return s.isEmpty() ? List.of() : Arrays.asList(s.split(",", -1));
  }

  private static Set<String> split(String s) {
    return s.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(s.split(",", -1)));
  }
}
