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
    Optional.ofNullable(m.get("lastPurchase")).map(LocalDate::parse).ifPresent(b::lastPurchase);
    Optional.ofNullable(m.get("enrolled")).map(LocalDate::parse).ifPresent(b::enrolled);
    b.frequency(Integer.parseInt(m.get("frequency")));
    b.monetary(Long.parseLong(m.get("monetary")));
    b.pointsBalance(Long.parseLong(m.get("points")));
    b.satisfactionIndex(Integer.parseInt(m.get("satisfaction")));
    b.openComplaints(Integer.parseInt(m.get("openComplaints")));
    String[] rfm = m.getOrDefault("rfm", "0,0,0").split(",", -1);
    b.rfm(Integer.parseInt(rfm[0]), Integer.parseInt(rfm[1]), Integer.parseInt(rfm[2]));
    b.pAlive(Integer.parseInt(m.getOrDefault("pAlive", "0")));
    b.tier(m.get("tier"));
    b.lifecycleStage(LifecycleStage.valueOf(m.get("stage")));
    b.customerType(CustomerType.valueOf(m.get("type")));
    b.tags(split(m.getOrDefault("tags", "")));
    Set<Channel> consents = EnumSet.noneOf(Channel.class);
    split(m.getOrDefault("consents", "")).forEach(c -> consents.add(Channel.valueOf(c)));
    b.consents(consents);
    Optional.ofNullable(m.get("birthday")).map(MonthDay::parse).ifPresent(b::birthday);
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

  /** The comma-separated parts of a text in their order (none for the empty text). */
  private static List<String> parts(String s) {
    return s.isEmpty() ? List.of() : Arrays.asList(s.split(",", -1));
  }

  private static Set<String> split(String s) {
    return s.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(s.split(",", -1)));
  }
}
