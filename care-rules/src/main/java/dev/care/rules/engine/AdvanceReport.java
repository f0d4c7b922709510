package dev.care.rules.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a run of {@link CareEngine#advanceTo} (or {@link CareEngine#advanceAll}) did on this
 * instance.
 *
 * @param from the earliest watermark a customer was advanced from (exclusive)
 * @param to this advance
 * @param customers customers this run reviewed: the due customers it claimed (with other instances
 *     running the same night, its share of them), or every customer for {@code advanceAll}
 * @param stageChanges life-cycle transitions
 * @param tierChanges tier changes
 * @param careActions care actions planned (new ones; repeats are not counted)
 * @param careTasks staff tasks planned
 * @param failures customers whose unit failed (advanced again by the next run)
 */
public record AdvanceReport(
    Instant from,
    Instant to,
    int customers,
    int stageChanges,
    int tierChanges,
    int careActions,
    int careTasks,
    List<AdvanceFailure> failures) {
  /** Validates and copies. */
  public AdvanceReport {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    failures = List.copyOf(failures);
  }
}
