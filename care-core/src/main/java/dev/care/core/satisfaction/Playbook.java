package dev.care.core.satisfaction;

import java.util.List;
import java.util.Objects;

/**
 * What staff should do, step by step: a countermeasure for a temperament, or the steps of every
 * contact. Data, so programs can replace or translate it.
 *
 * @param title short title
 * @param steps the steps in order, at least one
 */
public record Playbook(String title, List<String> steps) {
  /** Validates and copies. */
  public Playbook {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(steps, "steps");
    if (title.isBlank()) {
      throw new IllegalArgumentException("playbook title must not be blank");
    }
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("playbook '" + title + "' needs at least one step");
    }
  }
}
