package dev.care.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.lifecycle.StageChange;
import dev.care.core.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CareEventTest {
  private static final CustomerId C = CustomerId.of("C-1");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void changeEvents_toTheSameValue_areRejected() {
    assertThatThrownBy(
            () ->
                new LifecycleStageChanged(
                    C, T, Optional.of(LifecycleStage.NEW), LifecycleStage.NEW, "x"))
        .hasMessageContaining("NEW to itself");
    assertThatThrownBy(
            () ->
                new TierChanged(
                    C, T, Optional.of(TierId.of("GOLD")), Optional.of(TierId.of("GOLD")), "x"))
        .hasMessageContaining("to itself");
  }

  @Test
  void lifecycleStageChanged_ofAReviewedChange_carriesItsFields() {
    StageChange change =
        new StageChange(C, T, Optional.of(LifecycleStage.NEW), LifecycleStage.LAPSED, "idle");

    assertThat(LifecycleStageChanged.of(change))
        .isEqualTo(
            new LifecycleStageChanged(
                C, T, Optional.of(LifecycleStage.NEW), LifecycleStage.LAPSED, "idle"));
  }

  @Test
  void hierarchy_isSealed_overExactlyTheDomainEvents() {
    assertThat(CareEvent.class.isSealed()).isTrue();
    assertThat(
            java.util.Arrays.stream(CareEvent.class.getPermittedSubclasses())
                .map(Class::getSimpleName)
                .sorted()
                .toList())
        .containsExactly(
            "ConsentChanged",
            "CustomerErased",
            "CustomerRegistered",
            "InteractionClosed",
            "InteractionOpened",
            "LifecycleStageChanged",
            "PurchaseRecorded",
            "ReturnRecorded",
            "SatisfactionIndexChanged",
            "TaskChanged",
            "TaskPlanned",
            "TierChanged");
    List<CareEvent> events =
        List.of(
            new CustomerRegistered(C, T),
            new PurchaseRecorded(C, T, "o1", Money.ofMinor("EUR", 100)),
            new TierChanged(C, T, Optional.empty(), Optional.of(TierId.of("SILVER")), "qualified"));
    assertThat(events).allSatisfy(e -> assertThat(e.customerId()).isEqualTo(C));
    assertThat(events).allSatisfy(e -> assertThat(e.occurredAt()).isEqualTo(T));
  }
}
