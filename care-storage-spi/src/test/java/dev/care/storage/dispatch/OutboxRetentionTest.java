package dev.care.storage.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.storage.UnitOfWork;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboxRetentionTest {
  static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

  @Test
  void of_nonPositiveRetention_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> OutboxRetention.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention must be positive, got PT0S");
    assertThatThrownBy(() -> OutboxRetention.defaults().withBatchSize(0))
        .hasMessageContaining("batch size must be >= 1, got 0");
    assertThatThrownBy(() -> OutboxRetention.defaults().withMaxBatchesPerRun(-1))
        .hasMessageContaining("max batches per run must be >= 1, got -1");
  }

  @Test
  void purge_manyFinishedMessages_removesThemInBoundedBatchesPerRun() {
    InMemoryStorage storage = new InMemoryStorage();
    List<OutboxMessage> messages = new ArrayList<>();
    try (UnitOfWork u = storage.begin()) {
      for (int i = 0; i < 25; i++) {
        OutboxMessage m =
            OutboxMessage.pending(
                "m" + i, "care", Optional.of(CustomerId.of("c")), Optional.empty(), Map.of(), T0);
        messages.add(m);
        u.enqueue(m);
      }
      u.commit();
    }
    messages.forEach(
        m -> storage.update(m.attempted(DeliveryStatus.DELIVERED, T0, Optional.empty())));
    OutboxRetention retention =
        OutboxRetention.of(Duration.ofDays(1)).withBatchSize(4).withMaxBatchesPerRun(3);
    Instant later = T0.plus(Duration.ofDays(2));
    assertThat(retention.purge(storage, T0.plus(Duration.ofDays(1)))).as("not older").isZero();
    assertThat(retention.purge(storage, later)).isEqualTo(12);
    assertThat(retention.purge(storage, later)).isEqualTo(12);
    assertThat(retention.purge(storage, later)).isEqualTo(1);
    assertThat(retention.purge(storage, later)).isZero();
    assertThat(storage.messages(DeliveryStatus.DELIVERED)).isEmpty();
    assertThat(storage.deliveredTo(CustomerId.of("c"), Instant.MIN)).isEmpty();
  }
}
