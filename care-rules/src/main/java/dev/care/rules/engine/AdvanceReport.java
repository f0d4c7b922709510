package dev.care.rules.engine;

import java.time.Instant;

/**
 * What {@link CareEngine#advanceTo} did.
 *
 * @param from the previous advance (exclusive)
 * @param to this advance
 * @param customers customers reviewed
 * @param stageChanges life-cycle transitions
 * @param tierChanges tier changes
 * @param careActions care actions planned (new ones; repeats are not counted)
 * @param careTasks staff tasks planned
 */
public record AdvanceReport(
    Instant from,
    Instant to,
    int customers,
    int stageChanges,
    int tierChanges,
    int careActions,
    int careTasks) {}
