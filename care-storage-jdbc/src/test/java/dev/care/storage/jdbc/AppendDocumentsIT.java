package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Transaction;
import dev.care.core.money.Money;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The one statement that appends a unit's journal rows, outbox messages and consumption records
 * binds each kind's documents as one JSON array: text that JSON and PostgreSQL arrays escape
 * (quotes, backslashes, commas, brackets and braces, control characters, characters beyond the BMP)
 * comes back exactly, in order, however many documents a unit writes.
 */
class AppendDocumentsIT {
  /** For ids and keys (no control characters). */
  private static final String PRINTABLE =
      "q\"uote \\back\\slash, comma [bracket] {brace} \"\" \\\" \ud83d\ude00 \u00e9";

  /** For free text. */
  private static final String AWKWARD = PRINTABLE + " tab\tnew\nline \u0001";

  @Test
  @DisplayName(
      "documents with quotes, backslashes, commas, brackets, control characters and characters"
          + " beyond the BMP commit through the append statement and read back equal, in order")
  void awkwardDocuments_roundTrip() {
    ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
    PostgresStorage storage = TestDatabase.freshStorage();
    DurableLedger ledger =
        new DurableLedger(storage, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
    CustomerId customer = CustomerId.of("docs " + PRINTABLE);
    List<OutboxMessage> extra = new ArrayList<>();
    List<ConsumptionRecord> bought = new ArrayList<>();
    for (int unit = 0; unit < 2; unit++) {
      int u = unit;
      ledger.update(
          List.of(customer),
          a -> {
            for (int i = 0; i < 3; i++) {
              a.execute(
                  Earn.of(
                      IdempotencyKey.of("k" + u + i + PRINTABLE),
                      customer,
                      10 + i,
                      PostingContext.of("reason " + i + AWKWARD, "actor " + AWKWARD)));
            }
            List<OutboxMessage> messages = new ArrayList<>();
            List<ConsumptionRecord> records = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
              Map<String, String> attributes = new LinkedHashMap<>();
              attributes.put("text " + AWKWARD, AWKWARD + i);
              attributes.put("]", "[");
              messages.add(
                  OutboxMessage.pending(
                      "m" + u + i + PRINTABLE,
                      "care",
                      Optional.of(customer),
                      Optional.empty(),
                      attributes,
                      clock.instant()));
              records.add(
                  Purchase.of(
                      "order " + u + i + PRINTABLE,
                      customer,
                      clock.instant(),
                      Money.ofMinor("EUR", 100 + i)));
            }
            a.alsoWrite(
                w -> {
                  messages.forEach(w::enqueue);
                  records.forEach(w::addConsumption);
                });
            extra.addAll(messages);
            bought.addAll(records);
            return null;
          });
    }

    List<Transaction> journal = storage.journal(customer, 0, 100);
    assertThat(journal).hasSize(6);
    assertThat(journal).containsExactlyElementsOf(ledger.view(customer).journal());
    for (OutboxMessage m : extra) {
      assertThat(storage.message(m.id())).contains(m);
    }
    assertThat(storage.consumption(customer)).containsExactlyElementsOf(bought);
    assertThat(storage.record(customer).consumption()).containsExactlyElementsOf(bought);
  }
}
