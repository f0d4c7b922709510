package dev.care.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.PointsBalance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void run_onePurchase_earnsPendingPointsMemberTierAndTwoEmails() {
    QuickStart.Result result = QuickStart.run();

    // EUR 45.00 at 1 point per euro; pending until the 14-day return window has passed
    assertThat(result.points()).isEqualTo(new PointsBalance(45, 45, 0, 0, 0));
    assertThat(result.tier()).contains(new TierId("MEMBER"));
    assertThat(result.care())
        .extracting(CareAction::kind, CareAction::channel, CareAction::templateId, CareAction::due)
        .containsExactly(
            tuple(
                CareActionKind.E_BILL,
                Channel.EMAIL,
                "e-bill",
                Instant.parse("2026-03-02T10:00:00Z")),
            tuple(
                CareActionKind.WELCOME,
                Channel.EMAIL,
                "welcome",
                Instant.parse("2026-03-02T10:00:00Z")));
    assertThat(result.care())
        .allSatisfy(a -> assertThat(a.customerId()).isEqualTo(CustomerId.of("C-1")));
    assertThat(result.care().get(0).variables()).containsEntry("amount", "EUR 45.00");
  }

  @Test
  void run_twice_givesTheSameAnswer() {
    assertThat(QuickStart.run()).isEqualTo(QuickStart.run());
  }

  @Test
  void main_printsPointsTierAndActions() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .contains("posted=45, pending=45")
        .contains("MEMBER")
        .contains("kind=E_BILL")
        .contains("kind=WELCOME");
  }
}
