package dev.care.rules.program;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message template: text with {@code {variable}} placeholders. Only the variables in {@link
 * #KNOWN_VARIABLES} exist; a template using another is rejected when the program is loaded, and a
 * template naming a variable its use does not fill ({@link TemplateUse}) is rejected too. Templates
 * never run code: substitution is plain text replacement.
 *
 * <p>A placeholder may carry a fallback after a bar, {@code {staff|our team}}: the text used when
 * the variable has no value in a message. A variable its use fills only when a fact is known (the
 * thank-you's {@code {staff}}, a greeting's {@code {years}}) must carry one, so no message goes out
 * with a placeholder as written. The fallback is plain text, up to the closing brace (it may be
 * empty: {@code {years|}}).
 *
 * @param id the template id
 * @param text the text, 1–2000 characters
 */
public record MessageTemplate(String id, String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}|]*)(?:\\|([^{}]*))?}");

  /**
   * The variables the engine fills in somewhere: every variable of every {@link TemplateUse}. Where
   * a template is used decides which of them it may name ({@link TemplateUse}).
   */
  public static final Set<String> KNOWN_VARIABLES = known();

  private static Set<String> known() {
    Set<String> all = new java.util.TreeSet<>();
    for (TemplateUse use : TemplateUse.values()) {
      all.addAll(use.always());
      all.addAll(use.whenKnown().keySet());
    }
    return java.util.Collections.unmodifiableSet(all);
  }

  /** Validates the id and the text. */
  public MessageTemplate {
    Checks.id("template.id", id);
    Objects.requireNonNull(text, "text");
    if (text.isBlank() || text.length() > 2000) {
      throw new IllegalArgumentException(
          "template " + id + " text must be 1..2000 characters, got " + text.length());
    }
    Set<String> unknown = new LinkedHashSet<>(variables(text));
    unknown.removeAll(KNOWN_VARIABLES);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "template " + id + " uses variables that do not exist: " + unknown);
    }
  }

  /**
   * The placeholders used in a text, in order of first use.
   *
   * @param text the text
   * @return the variable names
   */
  public static Set<String> variables(String text) {
    Set<String> vars = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      vars.add(m.group(1));
    }
    return vars;
  }

  /**
   * The variables used at least once without a fallback, in order of first use.
   *
   * @param text the text
   * @return the variable names
   */
  public static Set<String> variablesWithoutFallback(String text) {
    Set<String> vars = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (m.group(2) == null) {
        vars.add(m.group(1));
      }
    }
    return vars;
  }

  /**
   * The text with placeholders replaced; a variable without a value takes its fallback, or is left
   * as written when it has none.
   *
   * @param values variable values
   * @return the rendered text
   */
  public String render(java.util.Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        v = m.group(2) == null ? m.group() : m.group(2);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
