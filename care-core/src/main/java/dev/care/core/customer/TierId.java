package dev.care.core.customer;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to a value tier defined by the program (e.g. MEMBER, SILVER, GOLD, PLATINUM).
 *
 * @param name upper-case name, 1–40 characters
 */
public record TierId(String name) {
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

  /** Validates the name. */
  public TierId {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tier name must match " + NAME.pattern() + ", got '" + name + "'");
    }
  }

  /**
   * Shorthand for {@code new TierId(name)}.
   *
   * @param name the tier name
   * @return the id
   */
  public static TierId of(String name) {
    return new TierId(name);
  }

  @Override
  public String toString() {
    return name;
  }

  // written out (the same values as a record's own): the generated ones go through method handles,
  // which cost the JIT more on these keys of every map in the engine
  @Override
  public boolean equals(Object other) {
    return other instanceof TierId o && name.equals(o.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
