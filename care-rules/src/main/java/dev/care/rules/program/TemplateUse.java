package dev.care.rules.program;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the engine uses a message template, and the variables it fills in there: the one table
 * every check of a template's variables reads. A program whose care settings reference a template
 * that uses a variable its use cannot fill is refused when it loads ({@link ProgramLoader}, {@link
 * LoyaltyProgram}); a template referenced from two uses must satisfy both. Campaign templates are
 * checked against {@link #CAMPAIGN} or {@link #VOUCHER_CAMPAIGN} when a campaign is run.
 *
 * <p>Every use fills the {@link #BASE} variables. Some variables are filled only when a fact is
 * known ({@link #whenKnown()}: the year of a birthday, the interaction's responsible staff, the
 * engine's survey link pattern); a template may use them, and where the program itself decides (the
 * win-back's {@code {points}} needs {@code care.winBack.offerPoints} above 0; {@code {surveyLink}}
 * needs {@code CareEngine.builder().surveyLink(pattern)}) the program or the engine refuses it when
 * the fact can never be known. Where the fact belongs to each message ({@link #perMessage()}: a
 * birth year, an interaction's responsible staff), the template must give the placeholder a
 * fallback, {@code {staff|our team}}, used when the fact is not known; without one it is refused,
 * so no message goes out with a placeholder as written. Staff tasks have no template: their summary
 * is written by the engine.
 */
public enum TemplateUse {
  /** The birthday greeting ({@code care.birthday.template}). */
  BIRTHDAY(
      "the birthday greeting",
      List.of("occasion", "points"),
      Map.of("years", "only when the customer's birth year is known"),
      Map.of()),
  /** An anniversary greeting ({@code care.anniversary.template}). */
  ANNIVERSARY(
      "an anniversary greeting",
      List.of("occasion"),
      Map.of("years", "only when the anniversary's year is known"),
      Map.of()),
  /** The e-bill after every movement ({@code care.eBill.template}). */
  E_BILL("the e-bill", List.of("amount", "purpose", "walletBalance"), Map.of(), Map.of()),
  /** The welcome after the first purchase ({@code care.welcome.template}). */
  WELCOME("the welcome message", List.of(), Map.of(), Map.of()),
  /** The win-back message ({@code care.winBack.template}). */
  WIN_BACK(
      "the win-back message",
      List.of("offer"),
      Map.of(),
      Map.of("points", "only when care.winBack.offerPoints is above 0")),
  /** The thank-you after a resolved complaint ({@code care.complaint.thankYouTemplate}). */
  THANK_YOU(
      "the complaint's thank-you",
      List.of("interactionId"),
      Map.of("staff", "only when the interaction names its responsible staff"),
      Map.of()),
  /** The satisfaction survey after a resolved complaint ({@code care.complaint.surveyTemplate}). */
  SURVEY(
      "the satisfaction survey",
      List.of("interactionId", "surveyToken"),
      Map.of("staff", "only when the interaction names its responsible staff"),
      Map.of("surveyLink", "only when the engine is built with CareEngine.builder().surveyLink")),
  /** The service-recovery apology ({@code care.recovery.apologyTemplate}). */
  APOLOGY("the service-recovery apology", List.of("points", "interactionId"), Map.of(), Map.of()),
  /**
   * The apology once the monthly goodwill budget is spent: the program's {@code
   * <apologyTemplate>-without-goodwill} template, when it has one. It names no {@code {points}}: no
   * message promises zero goodwill points.
   */
  APOLOGY_WITHOUT_GOODWILL(
      "the apology without goodwill (budget spent)", List.of("interactionId"), Map.of(), Map.of()),
  /** A campaign message without a voucher. */
  CAMPAIGN("a campaign without a voucher", List.of(), Map.of(), Map.of()),
  /** A campaign message with an e-voucher. */
  VOUCHER_CAMPAIGN(
      "a voucher campaign", List.of("voucherCode", "voucherExpiry", "offer"), Map.of(), Map.of());

  /** The variables every customer message fills in. */
  public static final Set<String> BASE = Base.NAMES;

  /** Holds {@link #BASE} so the constants' constructors can read it. */
  private static final class Base {
    static final Set<String> NAMES =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of("firstName", "name", "merchant", "pointsBalance", "tier")));
  }

  private final String description;
  private final Set<String> always;
  private final Map<String, String> whenKnown;
  private final Set<String> perMessage;

  /**
   * A use.
   *
   * @param perMessage variables filled only when a fact of the message's customer or interaction is
   *     known (a template must give them a fallback)
   * @param configured variables filled only under a setting of the program or the engine (checked
   *     once, where that setting is known)
   */
  TemplateUse(
      String description,
      List<String> own,
      Map<String, String> perMessage,
      Map<String, String> configured) {
    this.description = description;
    Set<String> all = new LinkedHashSet<>(Base.NAMES);
    all.addAll(own);
    this.always = Collections.unmodifiableSet(all);
    Map<String, String> known = new java.util.TreeMap<>(perMessage);
    known.putAll(configured);
    this.whenKnown = Collections.unmodifiableMap(known);
    this.perMessage = Collections.unmodifiableSet(new java.util.TreeSet<>(perMessage.keySet()));
  }

  /**
   * What the use is, for messages.
   *
   * @return e.g. "the birthday greeting"
   */
  public String description() {
    return description;
  }

  /**
   * The variables this use fills in every message, the {@link #BASE} ones included.
   *
   * @return the variables, in a stable order
   */
  public Set<String> always() {
    return always;
  }

  /**
   * The variables this use fills only when a fact is known, with that fact.
   *
   * @return variable to the condition under which it is filled
   */
  public Map<String, String> whenKnown() {
    return whenKnown;
  }

  /**
   * The variables of {@link #whenKnown()} that depend on a fact of each message (the customer's
   * birth year, the interaction's staff): a template must give each a fallback ({@code {staff|our
   * team}}), or a message would go out with the placeholder as written.
   *
   * @return the variables
   */
  public Set<String> perMessage() {
    return perMessage;
  }

  /**
   * The variables this use can fill under a program's care settings: {@link #always()} and {@link
   * #whenKnown()}, except the win-back's {@code points} when the win-back offers no points.
   *
   * @param care the program's care settings
   * @return the variables a template in this use may name
   */
  public Set<String> fillable(CareSettings care) {
    Objects.requireNonNull(care, "care");
    Set<String> all = new LinkedHashSet<>(always);
    all.addAll(whenKnown.keySet());
    if (this == WIN_BACK && care.winBack().map(w -> w.offerPoints() == 0).orElse(false)) {
      all.remove("points");
    }
    return Collections.unmodifiableSet(all);
  }

  /**
   * The variables of a template text this use cannot fill under a program's care settings.
   *
   * @param care the program's care settings
   * @param text the template text
   * @return the variables, in order of first use; empty when the template fits
   */
  public Set<String> unfillable(CareSettings care, String text) {
    Set<String> missing = new LinkedHashSet<>(MessageTemplate.variables(text));
    missing.removeAll(fillable(care));
    return missing;
  }

  /**
   * The variables of a template text this use fills only when a fact of the message is known, used
   * without a fallback ({@link #perMessage()}).
   *
   * @param text the template text
   * @return the variables, in order of first use; empty when every one has a fallback
   */
  public Set<String> withoutFallback(String text) {
    Set<String> bare = new LinkedHashSet<>(MessageTemplate.variablesWithoutFallback(text));
    bare.retainAll(perMessage);
    return bare;
  }

  /**
   * The message describing a template this use cannot fill: the template, the variables and what
   * the use does fill.
   *
   * @param care the program's care settings
   * @param template the template
   * @return the message, or empty when the template fits
   */
  public java.util.Optional<String> problem(CareSettings care, MessageTemplate template) {
    Set<String> missing = unfillable(care, template.text());
    if (missing.isEmpty()) {
      Set<String> bare = withoutFallback(template.text());
      if (bare.isEmpty()) {
        return java.util.Optional.empty();
      }
      String v = bare.iterator().next();
      return java.util.Optional.of(
          "template '"
              + template.id()
              + "' uses "
              + braces(bare)
              + " without a fallback, which "
              + description
              + " fills "
              + whenKnown.get(v)
              + ": write {"
              + v
              + "|...} with the text to use otherwise");
    }
    StringBuilder fills = new StringBuilder(String.join(", ", always));
    for (Map.Entry<String, String> e : whenKnown.entrySet()) {
      if (fillable(care).contains(e.getKey())) {
        fills.append(", ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
      }
    }
    return java.util.Optional.of(
        "template '"
            + template.id()
            + "' uses "
            + braces(missing)
            + ", which "
            + description
            + " does not fill"
            + (this == WIN_BACK && missing.contains("points")
                ? " (care.winBack.offerPoints is 0)"
                : "")
            + "; it fills: "
            + fills);
  }

  private static String braces(Set<String> vars) {
    return String.join(", ", vars.stream().map(v -> "{" + v + "}").toList());
  }

  /**
   * Where a program's care settings use a template.
   *
   * @param path the JSON path of the reference, e.g. {@code $.care.birthday.template}
   * @param use the use
   * @param templateId the template referenced
   * @param required whether the template must exist ({@code false} for an optional variant such as
   *     the apology's {@code -without-goodwill} template)
   */
  public record Reference(String path, TemplateUse use, String templateId, boolean required) {
    /** Validates. */
    public Reference {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(use, "use");
      Objects.requireNonNull(templateId, "templateId");
    }
  }

  /**
   * Every template reference of a program's care settings, in JSON order.
   *
   * @param care the care settings
   * @return the references
   */
  public static List<Reference> references(CareSettings care) {
    Objects.requireNonNull(care, "care");
    List<Reference> refs = new ArrayList<>();
    care.birthday()
        .ifPresent(
            g ->
                refs.add(
                    new Reference("$.care.birthday.template", BIRTHDAY, g.templateId(), true)));
    care.anniversary()
        .ifPresent(
            g ->
                refs.add(
                    new Reference(
                        "$.care.anniversary.template", ANNIVERSARY, g.templateId(), true)));
    care.eBill()
        .ifPresent(
            m -> refs.add(new Reference("$.care.eBill.template", E_BILL, m.templateId(), true)));
    care.welcome()
        .ifPresent(
            m -> refs.add(new Reference("$.care.welcome.template", WELCOME, m.templateId(), true)));
    care.winBack()
        .ifPresent(
            w ->
                refs.add(new Reference("$.care.winBack.template", WIN_BACK, w.templateId(), true)));
    care.complaint()
        .ifPresent(
            c -> {
              refs.add(
                  new Reference(
                      "$.care.complaint.thankYouTemplate",
                      THANK_YOU,
                      c.thankYouTemplateId(),
                      true));
              refs.add(
                  new Reference(
                      "$.care.complaint.surveyTemplate", SURVEY, c.surveyTemplateId(), true));
            });
    care.recovery()
        .ifPresent(
            r -> {
              refs.add(
                  new Reference(
                      "$.care.recovery.apologyTemplate", APOLOGY, r.apologyTemplateId(), true));
              refs.add(
                  new Reference(
                      "$.care.recovery.apologyTemplate",
                      APOLOGY_WITHOUT_GOODWILL,
                      r.apologyTemplateId() + "-without-goodwill",
                      false));
            });
    return List.copyOf(refs);
  }

  /**
   * The references of a program whose template names a variable its use fills only when a fact is
   * known ({@link #whenKnown()}): e.g. the survey templates naming {@code surveyLink}, which an
   * engine fills only with a link pattern.
   *
   * @param program the program
   * @param variable the variable, e.g. {@code surveyLink}
   * @return those references, in JSON order
   */
  public static List<Reference> naming(LoyaltyProgram program, String variable) {
    Objects.requireNonNull(variable, "variable");
    return references(program.care()).stream()
        .filter(r -> r.use().whenKnown().containsKey(variable))
        .filter(
            r ->
                program
                    .template(r.templateId())
                    .map(t -> MessageTemplate.variables(t.text()).contains(variable))
                    .orElse(false))
        .toList();
  }

  /**
   * Checks every template a program's care settings reference against its use, adding a problem at
   * the reference's path for each template that names a variable its use cannot fill. Templates not
   * in {@code templates} are skipped (a missing required one is reported by the reference check).
   *
   * @param care the care settings
   * @param templates the program's templates by id
   * @param problems where problems are added
   */
  static void checkFillable(
      CareSettings care, Map<String, MessageTemplate> templates, List<ProgramProblem> problems) {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Reference r : references(care)) {
      MessageTemplate t = templates.get(r.templateId());
      if (t == null || seen.put(r.use() + "/" + r.templateId(), true) != null) {
        continue;
      }
      String path = r.required() ? r.path() : r.path() + " (variant '" + r.templateId() + "')";
      r.use().problem(care, t).ifPresent(m -> problems.add(new ProgramProblem(path, m)));
    }
  }
}
