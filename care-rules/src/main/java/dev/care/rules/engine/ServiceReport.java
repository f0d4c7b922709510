package dev.care.rules.engine;

import dev.care.core.satisfaction.ServiceLevel;
import dev.care.storage.ServiceCount;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What care a period's actions and staff tasks aimed at: how many fell due in {@code [from, to)},
 * per trigger and {@link ServiceLevel} ({@link CareEngine#serviceReport}).
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param counts the non-zero counts, ordered by work (actions first), trigger, then level
 */
public record ServiceReport(Instant from, Instant to, List<ServiceCount> counts) {
  private static final Comparator<ServiceCount> ORDER =
      Comparator.comparing(ServiceCount::work)
          .thenComparing(ServiceCount::trigger)
          .thenComparing(ServiceCount::level);

  /** Validates, copies and orders the counts. */
  public ServiceReport {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(counts, "counts");
    counts = counts.stream().sorted(ORDER).toList();
  }

  /**
   * Actions or tasks per service level, every level present (0 when none).
   *
   * @param work actions or tasks
   * @return level to count, lowest level first
   */
  public Map<ServiceLevel, Long> byLevel(ServiceCount.Work work) {
    Objects.requireNonNull(work, "work");
    Map<ServiceLevel, Long> m = new EnumMap<>(ServiceLevel.class);
    for (ServiceLevel l : ServiceLevel.values()) {
      m.put(l, 0L);
    }
    counts.stream()
        .filter(c -> c.work() == work)
        .forEach(c -> m.merge(c.level(), c.count(), Long::sum));
    return Collections.unmodifiableMap(m);
  }

  /**
   * Actions or tasks per trigger.
   *
   * @param work actions or tasks
   * @return trigger to count, by trigger name
   */
  public Map<String, Long> byTrigger(ServiceCount.Work work) {
    Objects.requireNonNull(work, "work");
    Map<String, Long> m = new TreeMap<>();
    counts.stream()
        .filter(c -> c.work() == work)
        .forEach(c -> m.merge(c.trigger(), c.count(), Long::sum));
    return Collections.unmodifiableMap(m);
  }

  /**
   * How many actions or tasks of one trigger aimed at one level.
   *
   * @param work actions or tasks
   * @param trigger the trigger
   * @param level the level
   * @return the count, 0 when none
   */
  public long count(ServiceCount.Work work, String trigger, ServiceLevel level) {
    return counts.stream()
        .filter(c -> c.work() == work && c.trigger().equals(trigger) && c.level() == level)
        .mapToLong(ServiceCount::count)
        .sum();
  }
}
