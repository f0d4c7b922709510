package dev.care.core.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.Playbooks;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.satisfaction.Temperament;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CareActionTest {
  private static final CustomerId C = CustomerId.of("C-1");
  private static final Instant T = Instant.parse("2026-12-10T09:00:00Z");

  private static CareAction greeting(Channel ch, String template, Map<String, String> vars) {
    return new CareAction(
        "birthday:C-1:2026",
        C,
        CareActionKind.BIRTHDAY_GREETING,
        ch,
        template,
        vars,
        T,
        Priority.NORMAL,
        ServiceLevel.VALUE_ADDED);
  }

  @Test
  void careAction_valid_copiesVariables() {
    Map<String, String> vars = new HashMap<>(Map.of("firstName", "Ada"));
    CareAction a = greeting(Channel.SMS, "birthday.sms", vars);
    vars.put("firstName", "changed");
    assertThat(a.variables()).containsEntry("firstName", "Ada");
  }

  @Test
  void careAction_staffChannelOrBadTemplateOrVariable_throws() {
    assertThatThrownBy(() -> greeting(Channel.PHONE, "t", Map.of()))
        .hasMessageContaining("CareTask");
    assertThatThrownBy(() -> greeting(Channel.SMS, "Bad Template", Map.of()))
        .hasMessageContaining("'Bad Template'");
    assertThatThrownBy(() -> greeting(Channel.SMS, "t", Map.of("1x", "v")))
        .hasMessageContaining("'1x'");
    assertThatThrownBy(
            () ->
                new CareAction(
                    " ",
                    C,
                    CareActionKind.WELCOME,
                    Channel.EMAIL,
                    "t",
                    Map.of(),
                    T,
                    Priority.LOW,
                    ServiceLevel.BASIC))
        .hasMessageContaining("idempotencyKey");
  }

  @Test
  void priority_raisedBy_capsAtUrgent() {
    assertThat(Priority.NORMAL.raisedBy(1)).isEqualTo(Priority.HIGH);
    assertThat(Priority.NORMAL.raisedBy(3)).isEqualTo(Priority.URGENT);
    assertThat(Priority.LOW.raisedBy(0)).isEqualTo(Priority.LOW);
    assertThatThrownBy(() -> Priority.LOW.raisedBy(-1)).hasMessageContaining("-1");
  }

  @Test
  void careTask_carriesPlaybookAndAccommodations() {
    CareTask t =
        new CareTask(
            "escalate:i-7",
            C,
            TaskKind.ESCALATION,
            "complaint i-7 is past its 48 h target",
            T,
            Priority.HIGH.raisedBy(1),
            ServiceLevel.VALUE_ADDED,
            Optional.of("manager-1"),
            Optional.of(Playbooks.defaults().forTemperament(Temperament.ANGRY)),
            List.of("seating"));
    assertThat(t.priority()).isEqualTo(Priority.URGENT);
    assertThat(t.playbook().orElseThrow().title()).isEqualTo("angry customer");
    assertThatThrownBy(
            () ->
                new CareTask(
                    "k",
                    C,
                    TaskKind.CALL_BACK,
                    "",
                    T,
                    Priority.LOW,
                    ServiceLevel.BASIC,
                    Optional.empty(),
                    Optional.empty(),
                    List.of()))
        .hasMessageContaining("summary");
  }
}
