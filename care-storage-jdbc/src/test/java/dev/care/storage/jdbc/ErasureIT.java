package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.PointsPolicy;
import dev.care.core.ledger.PostingContext;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.time.ManualClock;
import dev.care.core.wallet.WalletPolicy;
import dev.care.storage.UnitOfWork;
import dev.care.storage.ledger.DurableLedger;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Erasure removes a customer's personal data from every table: after {@link PostgresStorage#erase},
 * a scan of every row of every table in the schema finds none of it, while the ledger rows still
 * carry the customer id.
 */
class ErasureIT {
  private static final List<String> PERSONAL =
      List.of(
          "Zelda Quuxley",
          "zelda.quuxley@example.org",
          "+4915112345678",
          "\"year\": 1987",
          "--03-14",
          "vip-zelda",
          "allergic-to-nuts",
          "Call Zelda about her allergy",
          "ZeldaFirst",
          "grumpy-on-mondays");

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));

  @Test
  @DisplayName("after erasure no table holds the customer's personal data; ledger rows keep the id")
  void erase_scans_clean() throws SQLException {
    PostgresStorage storage =
        PostgresStorage.builder(TestDatabase.dataSource())
            .schema(TestDatabase.freshSchema())
            .tablePrefix("gdpr_")
            .build();
    CustomerId zelda = CustomerId.of("cust-7731");
    CustomerId other = CustomerId.of("cust-0001");
    Customer file =
        Customer.register(
                zelda,
                Profile.named("Zelda Quuxley")
                    .withEmail("zelda.quuxley@example.org")
                    .withPhone("+4915112345678")
                    .withConsent(Consent.optedIn(Channel.EMAIL)),
                Instant.parse("2026-01-01T00:00:00Z"))
            .withBirthday(ImportantDate.birthday(LocalDate.of(1987, 3, 14)))
            .withTags(Set.of("vip-zelda", "allergic-to-nuts"));
    try (UnitOfWork u = storage.begin()) {
      u.putCustomer(file, 0);
      u.putCustomer(Customer.register(other, Profile.named("Otto Normal"), clock.instant()), 0);
      u.addConsumption(Purchase.of("O-1", zelda, clock.instant(), Money.ofMinor("EUR", 4500)));
      u.addCareAction(
          new CareAction(
              "greet/cust-7731/2026",
              zelda,
              CareActionKind.values()[0],
              Channel.EMAIL,
              "birthday",
              Map.of("firstName", "ZeldaFirst"),
              clock.instant(),
              Priority.NORMAL,
              ServiceLevel.VALUE_ADDED));
      u.addCareTask(
          new CareTask(
              "call/cust-7731/1",
              zelda,
              TaskKind.values()[0],
              "Call Zelda about her allergy",
              clock.instant(),
              Priority.HIGH,
              ServiceLevel.SATISFACTORY,
              Optional.empty(),
              Optional.empty(),
              List.of()));
      u.putInteraction(
          new dev.care.core.satisfaction.ServiceInteraction(
              "I-77",
              zelda,
              dev.care.core.satisfaction.InteractionKind.values()[0],
              Channel.EMAIL,
              clock.instant(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              0,
              0,
              0,
              List.of(),
              Optional.of(dev.care.core.satisfaction.Temperament.values()[0]),
              Optional.of("staff-1")),
          0);
      u.enqueue(
          OutboxMessage.pending(
              "care/cust-7731/1",
              "care-action",
              Optional.of(zelda),
              Optional.of(Channel.EMAIL),
              Map.of("greeting", "Dear Zelda Quuxley", "mood", "grumpy-on-mondays"),
              clock.instant()));
      u.commit();
    }
    DurableLedger ledger =
        new DurableLedger(storage, PointsPolicy.defaults(), WalletPolicy.defaults(), clock);
    ledger.execute(
        Earn.of(IdempotencyKey.of("O-1/earn"), zelda, 45, PostingContext.of("purchase", "till-2")));
    // the segment projection in the care state carries personal attributes too
    var state = storage.careState(zelda).orElseThrow();
    try (UnitOfWork u = storage.begin()) {
      u.putCareState(
          state.value().withAttributes(Map.of("birthday", "--03-14", "tag", "vip-zelda")),
          state.version());
      u.commit();
    }

    assertThat(scan(storage)).as("personal data is there before").isNotEmpty();
    String temperament = dev.care.core.satisfaction.Temperament.values()[0].name();
    assertThat(rowsContaining(storage, temperament)).isNotEmpty();

    assertThat(storage.erase(zelda, clock.instant())).isTrue();

    assertThat(scan(storage)).as("personal data left after erasure").isEmpty();
    assertThat(rowsContaining(storage, temperament)).isEmpty();
    assertThat(storage.customer(zelda).orElseThrow().value().isErased()).isTrue();
    assertThat(storage.careActions(zelda)).isEmpty();
    assertThat(storage.careTasks(zelda)).isEmpty();
    assertThat(storage.careState(zelda))
        .hasValueSatisfying(
            v -> {
              assertThat(v.value().attributes()).isEmpty();
              assertThat(v.version()).as("a new version for every instance to see").isEqualTo(3);
              assertThat(v.value().journalLength()).isEqualTo(1);
            });
    assertThat(storage.message("care/cust-7731/1").orElseThrow().status())
        .isEqualTo(DeliveryStatus.SUPPRESSED);
    assertThat(rowsContaining(storage, zelda.value()))
        .as("ledger rows keep the id")
        .anyMatch(row -> row.startsWith("gdpr_journal:"));
    assertThat(ledger.points(zelda).posted()).isEqualTo(45);
    assertThat(storage.customer(other).orElseThrow().value().profile().name())
        .isEqualTo("Otto Normal");
    assertThat(storage.erase(CustomerId.of("nobody"), clock.instant())).isFalse();
  }

  /** Every row of every table in the storage's schema that contains any personal value. */
  private static List<String> scan(PostgresStorage storage) throws SQLException {
    List<String> hits = new ArrayList<>();
    for (String value : PERSONAL) {
      hits.addAll(rowsContaining(storage, value));
    }
    return hits;
  }

  private static List<String> rowsContaining(PostgresStorage storage, String value)
      throws SQLException {
    List<String> hits = new ArrayList<>();
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
        s.setString(1, storage.schema());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
      }
      assertThat(tables).contains("gdpr_customer", "gdpr_journal", "gdpr_outbox", "gdpr_voucher");
      for (String table : tables) {
        // names come from the catalogue; the value is a parameter
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT t::text FROM \""
                    + storage.schema()
                    + "\".\""
                    + table
                    + "\" t WHERE strpos(lower(t::text), lower(?)) > 0")) {
          s.setString(1, value);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              hits.add(table + ": " + rs.getString(1));
            }
          }
        }
      }
    }
    return hits;
  }
}
