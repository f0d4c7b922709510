package dev.care.core.care;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.ServiceLevel;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message to a customer that the engine decided on: what, on which channel, from which template
 * with which variables, when, how urgently, aiming at which service level. The idempotency key
 * names the occasion (e.g. {@code birthday:C-1:2027}) so the action is produced and sent once.
 *
 * @param idempotencyKey the occasion's key, 1–200 characters
 * @param customerId the customer
 * @param kind what it is for
 * @param channel where it goes (an automated channel)
 * @param templateId the message template's id
 * @param variables the template's variables (no personal data beyond what the message needs)
 * @param due when it should be delivered (quiet hours may defer it, never drop it)
 * @param priority how urgent
 * @param targetLevel the service level it aims at
 */
public record CareAction(
    String idempotencyKey,
    CustomerId customerId,
    CareActionKind kind,
    Channel channel,
    String templateId,
    Map<String, String> variables,
    Instant due,
    Priority priority,
    ServiceLevel targetLevel) {
  // checked by hand (every care action checks its template id and each variable name)
  private static final String TEMPLATE = "[a-z0-9][a-z0-9_.-]{0,79}";
  private static final String VARIABLE = "[a-zA-Z][a-zA-Z0-9_]{0,39}";

  /** Validates every field. */
  public CareAction {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(variables, "variables");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(targetLevel, "targetLevel");
    Keys.check("care action", idempotencyKey);
    if (!channel.isAutomated()) {
      throw new IllegalArgumentException(
          "care action "
              + idempotencyKey
              + " channel must be automated, got "
              + channel
              + " (use a CareTask for staff work)");
    }
    if (!isTemplateId(templateId)) {
      throw new IllegalArgumentException(
          "templateId must match " + TEMPLATE + ", got '" + templateId + "'");
    }
    variables.forEach(
        (k, v) -> {
          if (k == null || !isVariableName(k)) {
            throw new IllegalArgumentException(
                "template variable name must match " + VARIABLE + ", got '" + k + "'");
          }
          if (v == null) {
            throw new NullPointerException("value of template variable " + k);
          }
        });
    variables = Map.copyOf(variables);
  }

  /** Whether a template id matches {@value #TEMPLATE}. */
  private static boolean isTemplateId(String id) {
    if (id.isEmpty() || id.length() > 80) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || i > 0 && (c == '_' || c == '.' || c == '-');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether a template variable name matches {@value #VARIABLE}. */
  private static boolean isVariableName(String name) {
    if (name.isEmpty() || name.length() > 40) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || i > 0 && (c >= '0' && c <= '9' || c == '_');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
