package dev.care.core.customer;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A circumstance that changes how service is given: it raises the priority of staff tasks and
 * selects accommodations. Programs may define their own; the constants are the common ones.
 *
 * @param code stable upper-case code such as {@code ELDERLY}
 * @param description plain-language description
 * @param priorityBoost how many priority steps staff tasks for this customer are raised (0–3)
 * @param accommodations what staff should offer, e.g. "priority queue", "seating"
 */
public record SpecialNeed(
    String code, String description, int priorityBoost, List<String> accommodations) {
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

  /** Pregnant customer. */
  public static final SpecialNeed PREGNANT =
      new SpecialNeed("PREGNANT", "pregnant", 1, List.of("priority queue", "seating"));

  /** Customer with small children. */
  public static final SpecialNeed SMALL_CHILDREN =
      new SpecialNeed(
          "SMALL_CHILDREN", "with small children", 1, List.of("priority queue", "play corner"));

  /** Elderly customer. */
  public static final SpecialNeed ELDERLY =
      new SpecialNeed(
          "ELDERLY", "elderly", 1, List.of("priority queue", "seating", "large-print material"));

  /** Customer with a disability. */
  public static final SpecialNeed DISABLED =
      new SpecialNeed(
          "DISABLED", "disabled", 2, List.of("priority queue", "step-free access", "seating"));

  /** Hearing-impaired customer. */
  public static final SpecialNeed HEARING_IMPAIRED =
      new SpecialNeed(
          "HEARING_IMPAIRED",
          "hearing-impaired",
          1,
          List.of("written communication", "no phone calls"));

  /** Business traveller. */
  public static final SpecialNeed BUSINESS_TRAVELLER =
      new SpecialNeed(
          "BUSINESS_TRAVELLER", "business traveller", 0, List.of("power outlet", "Wi-Fi"));

  /** Validates and copies. */
  public SpecialNeed {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(accommodations, "accommodations");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "specialNeed code must match " + CODE.pattern() + ", got '" + code + "'");
    }
    if (priorityBoost < 0 || priorityBoost > 3) {
      throw new IllegalArgumentException(
          "specialNeed " + code + " priorityBoost must be 0..3, got " + priorityBoost);
    }
    accommodations = List.copyOf(accommodations);
  }

  /**
   * The built-in needs.
   *
   * @return the six needs named in the domain brief
   */
  public static List<SpecialNeed> standard() {
    return List.of(
        PREGNANT, SMALL_CHILDREN, ELDERLY, DISABLED, HEARING_IMPAIRED, BUSINESS_TRAVELLER);
  }
}
