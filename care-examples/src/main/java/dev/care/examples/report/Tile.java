package dev.care.examples.report;

import java.util.Objects;

/**
 * One KPI tile of a report: a label, the figure, and an optional short note under it.
 *
 * @param label what the figure is ("wallet liability")
 * @param value the figure, formatted
 * @param note a short explanation or breakdown, or empty
 */
public record Tile(String label, String value, String note) {
  /** Validates. */
  public Tile {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(note, "note");
  }
}
