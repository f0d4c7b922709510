package dev.care.rules.program;

import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A merchant's whole loyalty and care program, versioned. Immutable; load one from JSON with {@link
 * ProgramLoader} or build one with {@link #builder(String, String)}.
 *
 * @param id the program's id
 * @param version the definition's version, from 1; every posting records it
 * @param currency the program's currency
 * @param zone the program's time zone (promotion dates, calendar-year tiers)
 * @param rounding how fractional points are rounded, once, at earning (L25)
 * @param points points lifetime, pending window and clawback policy
 * @param earning earning rules
 * @param tiers tier rules
 * @param wallet stored-value wallet settings
 * @param care care triggers
 * @param templates message templates by id
 * @param frequencyCaps per-channel frequency caps
 */
public record LoyaltyProgram(
    String id,
    int version,
    Currency currency,
    ZoneId zone,
    RoundingMode rounding,
    PointsSettings points,
    EarningRules earning,
    TierRules tiers,
    WalletSettings wallet,
    CareSettings care,
    Map<String, MessageTemplate> templates,
    List<FrequencyCap> frequencyCaps) {

  private static final Set<RoundingMode> ALLOWED_ROUNDING =
      EnumSet.of(
          RoundingMode.FLOOR, RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.CEILING);

  /** Validates every field and the references between them. */
  public LoyaltyProgram {
    Checks.id("id", id);
    Checks.range("version", version, 1, Integer.MAX_VALUE);
    Objects.requireNonNull(currency, "currency");
    if (currency.getDefaultFractionDigits() < 0) {
      throw new IllegalArgumentException(
          "currency must have minor units, got "
              + currency.getCurrencyCode()
              + " (ISO 4217 gives it no fraction digits)");
    }
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(rounding, "rounding");
    Objects.requireNonNull(points, "points");
    Objects.requireNonNull(earning, "earning");
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(wallet, "wallet");
    Objects.requireNonNull(care, "care");
    templates = Map.copyOf(templates);
    frequencyCaps = List.copyOf(frequencyCaps);
    List<ProgramProblem> problems = new ArrayList<>();
    crossCheck(rounding, Optional.of(earning), care, templates.keySet(), frequencyCaps, problems);
    checkFillable(care, templates, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          problems.stream().map(ProgramProblem::toString).collect(Collectors.joining("; ")));
    }
  }

  /**
   * Checks the references between parts of a program, adding a problem with its JSON path for each
   * broken one. Used by the constructor and by {@link ProgramLoader}, which passes every declared
   * template id (even of templates rejected for another reason) and no earning rules when those
   * could not be read, so that one mistake is reported once, not again as a broken reference.
   */
  static void crossCheck(
      RoundingMode rounding,
      Optional<EarningRules> earning,
      CareSettings care,
      Set<String> templates,
      List<FrequencyCap> caps,
      List<ProgramProblem> problems) {
    if (!ALLOWED_ROUNDING.contains(rounding)) {
      problems.add(
          new ProgramProblem(
              "$.rounding", "must be one of " + ALLOWED_ROUNDING + ", got " + rounding));
    }
    for (TemplateUse.Reference r : TemplateUse.references(care)) {
      if (r.required()) {
        ref(r.path(), r.templateId(), templates, problems);
      }
    }
    care.recovery()
        .ifPresent(
            r -> {
              if (earning.isPresent() && r.goodwillPoints() > earning.get().goodwillMaxPoints()) {
                problems.add(
                    new ProgramProblem(
                        "$.care.recovery.goodwillPoints",
                        "is "
                            + r.goodwillPoints()
                            + ", above earning.goodwillMaxPoints "
                            + earning.get().goodwillMaxPoints()));
              }
            });
    if (caps.stream().map(FrequencyCap::channel).distinct().count() != caps.size()) {
      problems.add(new ProgramProblem("$.frequencyCaps", "has two caps for the same channel"));
    }
  }

  /**
   * Checks that the engine can fill every variable a referenced template uses where it is used
   * ({@link TemplateUse}): a template naming a variable its use does not fill is a problem at the
   * reference's JSON path (the message would go out with the placeholder as written).
   */
  static void checkFillable(
      CareSettings care, Map<String, MessageTemplate> templates, List<ProgramProblem> problems) {
    TemplateUse.checkFillable(care, templates, problems);
  }

  private static void ref(
      String path, String templateId, Set<String> templates, List<ProgramProblem> problems) {
    if (!templates.contains(templateId)) {
      problems.add(
          new ProgramProblem(
              path,
              "template '"
                  + templateId
                  + "' does not exist; known: "
                  + templates.stream().sorted().toList()));
    }
  }

  /**
   * The reference a posting made by one of this program's rules records.
   *
   * @param ruleId the rule, e.g. {@code earning.base}
   * @return the reference
   */
  public RuleRef rule(String ruleId) {
    return new RuleRef(id, version, ruleId);
  }

  /**
   * A template by id.
   *
   * @param templateId the id
   * @return the template, if defined
   */
  public Optional<MessageTemplate> template(String templateId) {
    return Optional.ofNullable(templates.get(templateId));
  }

  /**
   * Starts a program with defaults: version 1, UTC, floor rounding, default points and wallet
   * settings, one point per unit, a single MEMBER tier, no care triggers.
   *
   * @param id the program id
   * @param currencyCode ISO 4217 code
   * @return a builder
   */
  public static Builder builder(String id, String currencyCode) {
    return new Builder(id, Currency.getInstance(currencyCode));
  }

  /** Builds a {@link LoyaltyProgram}; every setter checks its input at once. */
  public static final class Builder {
    private final String id;
    private final Currency currency;
    private int version = 1;
    private ZoneId zone = ZoneId.of("UTC");
    private RoundingMode rounding = RoundingMode.FLOOR;
    private PointsSettings points = PointsSettings.defaults();
    private EarningRules earning = EarningRules.simple();
    private TierRules tiers = TierRules.defaults();
    private WalletSettings wallet = WalletSettings.defaults();
    private CareSettings care = CareSettings.none();
    private final Map<String, MessageTemplate> templates = new java.util.LinkedHashMap<>();
    private final List<FrequencyCap> caps = new ArrayList<>();

    private Builder(String id, Currency currency) {
      this.id = Checks.id("id", id);
      this.currency = currency;
    }

    /**
     * Sets the version.
     *
     * @param v the version, from 1
     * @return this
     */
    public Builder version(int v) {
      this.version = (int) Checks.range("version", v, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * Sets the time zone.
     *
     * @param z the zone
     * @return this
     */
    public Builder zone(ZoneId z) {
      this.zone = Objects.requireNonNull(z, "zone");
      return this;
    }

    /**
     * Sets the rounding of fractional points.
     *
     * @param r FLOOR, HALF_UP, HALF_EVEN or CEILING
     * @return this
     */
    public Builder rounding(RoundingMode r) {
      this.rounding = Objects.requireNonNull(r, "rounding");
      return this;
    }

    /**
     * Sets the points settings.
     *
     * @param p the settings
     * @return this
     */
    public Builder points(PointsSettings p) {
      this.points = Objects.requireNonNull(p, "points");
      return this;
    }

    /**
     * Sets the earning rules.
     *
     * @param e the rules
     * @return this
     */
    public Builder earning(EarningRules e) {
      this.earning = Objects.requireNonNull(e, "earning");
      return this;
    }

    /**
     * Sets the tier rules.
     *
     * @param t the rules
     * @return this
     */
    public Builder tiers(TierRules t) {
      this.tiers = Objects.requireNonNull(t, "tiers");
      return this;
    }

    /**
     * Sets the wallet settings.
     *
     * @param w the settings
     * @return this
     */
    public Builder wallet(WalletSettings w) {
      this.wallet = Objects.requireNonNull(w, "wallet");
      return this;
    }

    /**
     * Sets the care triggers.
     *
     * @param c the settings
     * @return this
     */
    public Builder care(CareSettings c) {
      this.care = Objects.requireNonNull(c, "care");
      return this;
    }

    /**
     * Adds a template.
     *
     * @param t the template
     * @return this
     */
    public Builder template(MessageTemplate t) {
      Objects.requireNonNull(t, "template");
      if (templates.putIfAbsent(t.id(), t) != null) {
        throw new IllegalArgumentException("template " + t.id() + " is defined twice");
      }
      return this;
    }

    /**
     * Adds a frequency cap.
     *
     * @param cap the cap
     * @return this
     */
    public Builder frequencyCap(FrequencyCap cap) {
      caps.add(Objects.requireNonNull(cap, "cap"));
      return this;
    }

    /**
     * Builds the program, checking references between its parts.
     *
     * @return the program
     * @throws IllegalArgumentException listing every broken reference
     */
    public LoyaltyProgram build() {
      return new LoyaltyProgram(
          id, version, currency, zone, rounding, points, earning, tiers, wallet, care, templates,
          caps);
    }
  }
}
