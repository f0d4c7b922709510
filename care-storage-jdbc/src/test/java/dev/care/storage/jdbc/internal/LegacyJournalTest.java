package dev.care.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.LotId;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.PostingId;
import dev.care.core.ledger.Transaction;
import dev.care.core.ledger.Transfer;
import dev.care.core.time.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reader of V2 journal documents, on rows the V2 adapter wrote ({@code v2-journal.json}). */
class LegacyJournalTest {
  private final RecordCodec codec = new RecordCodec();

  private static List<String> v2Documents() throws IOException {
    try (InputStream in =
        LegacyJournalTest.class.getResourceAsStream("/dev/care/storage/jdbc/v2-journal.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<String> docs = new ArrayList<>();
      root.get("journal").forEach(row -> docs.add(row.get("doc").asText()));
      return docs;
    }
  }

  @Test
  @DisplayName("V2 ids keep their numbers and get their owner; the transfer belongs to its sender")
  void upgrade_qualifiesIds_byOwner() throws IOException {
    LegacyJournal legacy = new LegacyJournal(codec);
    Map<CustomerId, Long> positions = new HashMap<>();
    List<Transaction> upgraded = new ArrayList<>();
    for (String doc : v2Documents()) {
      Transaction tx = legacy.upgrade(doc, c -> positions.merge(c, 1L, Long::sum));
      upgraded.add(tx);
    }
    CustomerId c1 = CustomerId.of("C-1");
    CustomerId c2 = CustomerId.of("C-2");
    Transaction transfer =
        upgraded.stream()
            .filter(tx -> tx.command().map(c -> c instanceof Transfer).orElse(false))
            .findFirst()
            .orElseThrow();
    assertThat(transfer.customer()).isEqualTo(c1);
    assertThat(transfer.customers()).containsExactly(c1, c2);
    assertThat(transfer.postings().get(0).id().customer()).isEqualTo(c1);
    assertThat(transfer.postings().get(0).lotChanges())
        .extracting(change -> change.lot().customer())
        .contains(c1, c2);
    // the first earn is C-4's: posting 1 and lot 1 of the old counters
    Transaction first = upgraded.get(0);
    assertThat(first.customer()).isEqualTo(CustomerId.of("C-4"));
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.postings().get(0).id()).isEqualTo(new PostingId(CustomerId.of("C-4"), 1));
    assertThat(first.postings().get(0).lotChanges().get(0).lot())
        .isEqualTo(new LotId(CustomerId.of("C-4"), 1));
  }

  @Test
  @DisplayName("a document in today's format is taken as it is")
  void upgrade_currentDocument_unchanged() {
    ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
    Ledger l = Ledger.create(clock);
    CustomerId ann = CustomerId.of("ann");
    l.execute(Earn.of(IdempotencyKey.of("e1"), ann, 10, PostingContext.of("test", "test")));
    Transaction tx = l.journalOf(ann).get(0);
    Transaction read =
        new LegacyJournal(codec).upgrade(codec.write(tx, Transaction.class), c -> 1L);
    assertThat(read).isEqualTo(tx);
  }

  @Test
  @DisplayName("a V2 document naming a posting no earlier document made is refused, naming it")
  void upgrade_unknownPosting_refusedNamingIt() throws IOException {
    List<String> docs = v2Documents();
    String partialReturn =
        docs.stream().filter(d -> d.contains("return-2")).findFirst().orElseThrow();
    assertThatThrownBy(() -> new LegacyJournal(codec).upgrade(partialReturn, c -> 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("V2 posting 3 is not made by any earlier transaction");
  }
}
