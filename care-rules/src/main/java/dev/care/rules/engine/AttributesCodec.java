package dev.care.rules.engine;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerType;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.rules.segment.CustomerAttributes;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The segment attributes of one customer as the compact string map stored in their care state
 * ({@code CareState.attributes}), so an engine fills its segment index from one streaming read of
 * the states instead of re-reading every customer's history.
 */
final class AttributesCodec {
  private AttributesCodec() {}

  static Map<String, String> encode(CustomerAttributes a) {
    Map<String, String> m = new LinkedHashMap<>();
    a.lastPurchase().ifPresent(d -> m.put("lastPurchase", d.toString()));
    a.enrolled().ifPresent(d -> m.put("enrolled", d.toString()));
    m.put("frequency", Integer.toString(a.frequency()));
    m.put("monetary", Long.toString(a.monetary()));
    m.put("points", Long.toString(a.pointsBalance()));
    m.put("satisfaction", Integer.toString(a.satisfactionIndex()));
    m.put("openComplaints", Integer.toString(a.openComplaints()));
    m.put("rfm", a.rfmR() + "," + a.rfmF() + "," + a.rfmM());
    m.put("pAlive", Integer.toString(a.pAlive()));
    m.put("tier", a.tier());
    m.put("stage", a.lifecycleStage().name());
    m.put("type", a.customerType().name());
    m.put("tags", String.join(",", new TreeSet<>(a.tags())));
    m.put(
        "consents",
        a.consents().stream().map(Channel::name).sorted().collect(Collectors.joining(",")));
    a.birthday().ifPresent(b -> m.put("birthday", b.toString()));
    return m;
  }

  /**
   * Decodes a stored projection.
   *
   * @param m the stored map
   * @return the attributes, or empty when the map holds none (a state written before projections
   *     were stored)
   * @throws IllegalArgumentException if the map is malformed
   */
  static Optional<CustomerAttributes> decode(Map<String, String> m) {
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
    return Optional.of(b.build());
  }

  private static Set<String> split(String s) {
    return s.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(s.split(",", -1)));
  }
}
