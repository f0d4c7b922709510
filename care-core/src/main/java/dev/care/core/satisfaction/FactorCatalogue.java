package dev.care.core.satisfaction;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The factors a program recognises: the catalogue of the domain brief, extensible with the
 * program's own. Immutable; {@link #with(Factor)} returns a new catalogue.
 */
public final class FactorCatalogue {
  private final Map<String, Factor> byCode;

  private FactorCatalogue(Map<String, Factor> byCode) {
    this.byCode = byCode;
  }

  /**
   * A catalogue of exactly these factors.
   *
   * @param factors the factors, with distinct codes
   * @return the catalogue
   * @throws IllegalArgumentException if a code repeats
   */
  public static FactorCatalogue of(Collection<Factor> factors) {
    Map<String, Factor> m = new LinkedHashMap<>();
    for (Factor f : factors) {
      Objects.requireNonNull(f, "factor");
      if (m.putIfAbsent(f.code(), f) != null) {
        throw new IllegalArgumentException("factor code " + f.code() + " appears twice");
      }
    }
    return new FactorCatalogue(java.util.Collections.unmodifiableMap(m));
  }

  /**
   * The factors of the domain brief: ten satisfiers and eleven dissatisfiers.
   *
   * @return the default catalogue
   */
  public static FactorCatalogue defaults() {
    FactorKind s = FactorKind.SATISFIER;
    FactorKind d = FactorKind.DISSATISFIER;
    return of(
        List.of(
            new Factor("REACHABLE", s, "reachable by phone without being dropped", 6),
            new Factor("SOLVED_FAST", s, "problem solved fast", 8),
            new Factor("ONE_RESPONSIBLE_PERSON", s, "one responsible person throughout", 6),
            new Factor("RESPECT", s, "treated with respect", 7),
            new Factor("WARM_ATTITUDE", s, "warm attitude", 6),
            new Factor("RIGHT_EXPERT", s, "the right expert for the need", 7),
            new Factor(
                "COMPLETE_SERVICE_SYSTEM", s, "complete service system (phone, mail, web)", 4),
            new Factor("SHORT_TURNAROUND", s, "shortest turnaround time", 7),
            new Factor(
                "REGULAR_FOLLOW_UP",
                s,
                "regular return visits, thank-you letters, manuals and upgrade notices",
                5),
            new Factor("PROFESSIONAL_SOLUTION", s, "professional best solution", 8),
            new Factor("NOT_REPAIRED_AS_EXPECTED", d, "product not repaired as expected", 8),
            new Factor("REPEATED_REPAIR", d, "repaired several times and still broken", 10),
            new Factor("SERVICE_INTERRUPTED", d, "service interrupted while the customer waits", 7),
            new Factor("IGNORED", d, "ignored by staff", 8),
            new Factor("QUEUE_JUMPING", d, "others served out of turn", 6),
            new Factor("ARROGANCE", d, "arrogant attitude", 8),
            new Factor("EVASION", d, "evasive answers", 7),
            new Factor("BLAMING_CUSTOMER", d, "the customer was blamed", 9),
            new Factor("REPAIR_TOO_LONG", d, "repair takes too long", 7),
            new Factor("INFORMATION_LOST", d, "customer information lost", 8),
            new Factor("NOT_INFORMED", d, "customer not told in advance", 6)));
  }

  /**
   * A catalogue with one more factor, or with a factor of the same code replaced.
   *
   * @param factor the factor
   * @return the new catalogue
   */
  public FactorCatalogue with(Factor factor) {
    Objects.requireNonNull(factor, "factor");
    Map<String, Factor> m = new LinkedHashMap<>(byCode);
    m.put(factor.code(), factor);
    return new FactorCatalogue(java.util.Collections.unmodifiableMap(m));
  }

  /**
   * A factor by code.
   *
   * @param code the code
   * @return the factor, if known
   */
  public Optional<Factor> find(String code) {
    return Optional.ofNullable(byCode.get(Objects.requireNonNull(code, "code")));
  }

  /**
   * A factor by code, which must exist.
   *
   * @param code the code
   * @return the factor
   * @throws IllegalArgumentException naming the unknown code
   */
  public Factor require(String code) {
    return find(code)
        .orElseThrow(() -> new IllegalArgumentException("unknown factor code '" + code + "'"));
  }

  /**
   * Every factor, in the order added.
   *
   * @return the factors
   */
  public List<Factor> all() {
    return List.copyOf(byCode.values());
  }

  /**
   * The factors of one kind.
   *
   * @param kind the kind
   * @return the factors of that kind
   */
  public List<Factor> ofKind(FactorKind kind) {
    return byCode.values().stream().filter(f -> f.kind() == kind).toList();
  }
}
