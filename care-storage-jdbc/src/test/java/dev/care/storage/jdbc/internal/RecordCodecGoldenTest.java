package dev.care.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.consumption.LineItem;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.SalesChannel;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.Profile;
import dev.care.core.customer.SpecialNeed;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.Asset;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.Funding;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.PlaceHold;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.PostingId;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.Spend;
import dev.care.core.ledger.TopUp;
import dev.care.core.ledger.Transaction;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.InteractionOutcome;
import dev.care.core.satisfaction.Playbook;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.satisfaction.Temperament;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherValue;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The codec's output does not change: stored documents must stay readable and identical, so a
 * faster writer has to write exactly the bytes the one before it wrote. {@code
 * record-codec-golden.txt} holds, one per line ({@code name<TAB>json}), the text the codec wrote
 * for a set of records before its speed-up (issue 22, 2026-12-05): every kind of stored document,
 * every command kind of the journal, text needing escaping (quotes, backslashes, control
 * characters, a JSON payload, non-ASCII and supplementary characters), empty and present optionals,
 * and outbox messages generated from a fixed seed with arbitrary text. No fixture holds a set or
 * map of more than one element whose order each JVM chooses anew ({@code Set.copyOf}, {@code
 * Map.copyOf}), so the text does not depend on the run.
 */
class RecordCodecGoldenTest {
  private static final Instant AT = Instant.parse("2026-06-01T10:00:00.123456789Z");
  private static final String GOLDEN = "record-codec-golden.txt";

  private final RecordCodec codec = new RecordCodec();

  /** A value and the type it is stored as. */
  private record Fixture(Object value, Class<?> type) {}

  @Test
  @DisplayName(
      "every fixture record is written exactly as the golden text stored before the speed-up,"
          + " and the golden text reads back to the record")
  void write_isByteForByteTheGoldenText() throws IOException {
    Map<String, String> golden = golden();
    Map<String, Fixture> fixtures = fixtures();
    assertThat(golden.keySet()).containsExactlyElementsOf(fixtures.keySet());
    for (Map.Entry<String, Fixture> e : fixtures.entrySet()) {
      Fixture f = e.getValue();
      assertThat(codec.write(f.value(), f.type())).as(e.getKey()).isEqualTo(golden.get(e.getKey()));
      assertThat(codec.read(golden.get(e.getKey()), f.type())).as(e.getKey()).isEqualTo(f.value());
    }
  }

  /** The golden file: name to text, in file order. */
  private static Map<String, String> golden() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = RecordCodecGoldenTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as(GOLDEN).isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int tab = line.indexOf('\t');
        out.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return out;
  }

  /** The records, by name, in the golden file's order. */
  private static Map<String, Fixture> fixtures() {
    Map<String, Fixture> out = new LinkedHashMap<>();
    CustomerId ann = CustomerId.of("ann");
    out.put(
        "customer",
        new Fixture(
            Customer.register(
                    CustomerId.of("c-1"),
                    Profile.named("Ann Émilie \"Nan\" O'Brien \uD83D\uDC87")
                        .withEmail("ann@example.org")
                        .withPhone("+4915112345678")
                        .withConsent(Consent.optedIn(Channel.EMAIL))
                        .withZone(ZoneId.of("Europe/Berlin"))
                        .withLocale(Locale.GERMANY),
                    AT)
                .withBirthday(ImportantDate.birthday(LocalDate.of(1990, 2, 28)))
                .withSpecialNeeds(Set.of(SpecialNeed.ELDERLY))
                .withTier(Optional.of(TierId.of("GOLD")))
                .withTags(Set.of("salon:north")),
            Customer.class));
    out.put(
        "customer-plain",
        new Fixture(
            Customer.register(CustomerId.of("c-2"), Profile.named("Bo"), AT), Customer.class));
    out.put(
        "purchase",
        new Fixture(
            new Purchase(
                "O-9",
                CustomerId.of("c-1"),
                AT,
                Money.ofMinor("EUR", 4500),
                List.of(
                    LineItem.of("SKU-1", "colour", 2, Money.ofMinor("EUR", 3200)),
                    LineItem.of("SKU-2", "treatment", 1, Money.ofMinor("EUR", 1300))),
                SalesChannel.STORE,
                Optional.of("store-3")),
            ConsumptionRecord.class));
    out.put(
        "purchase-plain",
        new Fixture(
            Purchase.of("O-10", CustomerId.of("c-1"), AT, Money.ofMinor("JPY", 1)),
            ConsumptionRecord.class));
    out.put(
        "voucher",
        new Fixture(
            Voucher.issue(
                "SPRING-0001",
                "spring",
                CustomerId.of("c-1"),
                new VoucherValue.BonusValue(Money.ofMinor("JPY", 500)),
                AT,
                AT.plus(Duration.ofDays(30))),
            Voucher.class));
    CareTask task =
        new CareTask(
            "call/c-1/1",
            CustomerId.of("c-1"),
            TaskKind.values()[0],
            "call back: \"the colour is wrong\"\nsee photo\\notes",
            AT,
            Priority.HIGH,
            ServiceLevel.SATISFACTORY,
            Optional.of("staff-2"),
            Optional.of(new Playbook("calm down", List.of("listen", "apologise"))),
            List.of("seating"));
    out.put("task", new Fixture(task, CareTask.class));
    out.put(
        "task-escalated",
        new Fixture(task.escalate(AT.plusSeconds(3_600)).complete("redone"), CareTask.class));
    out.put(
        "interaction",
        new Fixture(
            ServiceInteraction.open("I-1", ann, InteractionKind.COMPLAINT, Channel.PHONE, AT)
                .withResponsibleStaff("staff-1")
                .withTemperament(Temperament.OPINIONATED)
                .close(AT.plus(Duration.ofMinutes(42)), InteractionOutcome.RESOLVED),
            ServiceInteraction.class));
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("surveyLink", "Zoë: https://example.org/s?t=q7H&lang=de#top");
    out.put(
        "care-action",
        new Fixture(
            new CareAction(
                "thanks/c-1/O-9",
                CustomerId.of("c-1"),
                CareActionKind.THANK_YOU,
                Channel.EMAIL,
                "thank-you.visit",
                variables,
                AT.plus(Duration.ofHours(2)),
                Priority.NORMAL,
                ServiceLevel.SATISFACTORY),
            CareAction.class));
    Ledger l = Ledger.create(ManualClock.at(AT));
    PostingContext ctx =
        PostingContext.of("points for purchase", "care-engine")
            .withSourceRef("O-9")
            .withRule("salon.earn@3");
    l.execute(
        new Earn(
            IdempotencyKey.of("earn/O-9/0"),
            ann,
            new BigDecimal("12.5"),
            new BigDecimal("10"),
            Funding.ISSUED,
            Optional.of(AT.plus(Duration.ofDays(14))),
            ctx));
    l.execute(Earn.of(IdempotencyKey.of("e2"), ann, 40, ctx));
    l.execute(
        TopUp.of(IdempotencyKey.of("t1"), ann, Money.ofMinor("EUR", 1000), ctx)
            .withBonus(Money.ofMinor("EUR", 100), Duration.ofDays(3)));
    l.execute(new Spend(IdempotencyKey.of("s1"), ann, Money.ofMinor("EUR", 400), ctx));
    l.execute(
        new PlaceHold(IdempotencyKey.of("h1"), ann, Asset.POINTS, 5, Duration.ofHours(2), ctx));
    l.execute(Reverse.all(IdempotencyKey.of("r1"), new PostingId(ann, 2), ctx));
    for (Transaction tx : l.journal()) {
      out.put("transaction-" + tx.sequence(), new Fixture(tx, Transaction.class));
    }
    Map<String, String> event = new LinkedHashMap<>();
    event.put("customer", "c-1");
    event.put("occurredAt", AT.toString());
    event.put("purchaseId", "O-9");
    event.put("currency", "EUR");
    event.put("amountMinor", "4500");
    OutboxMessage message =
        OutboxMessage.pending(
            "event/purchase-recorded/c-1/O-9",
            "purchase-recorded",
            Optional.empty(),
            Optional.empty(),
            event,
            AT);
    out.put("outbox-event", new Fixture(message, OutboxMessage.class));
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put(
        "json", "{\"customer\":\"c-1\",\"lines\":[{\"sku\":\"SKU-1\",\"note\":\"a\\tb\"}]}");
    payload.put(
        "text", "Liebe Zoë,\r\n\tdanke für Ihren Besuch! \u0000\u001f\u007f\u2028 €5 \uD83D\uDE00");
    out.put(
        "outbox-care-action-failed",
        new Fixture(
            OutboxMessage.pending(
                    "care/thanks/c-1/O-9",
                    "care-action",
                    Optional.of(CustomerId.of("c-1")),
                    Optional.of(Channel.EMAIL),
                    payload,
                    AT)
                .attempted(
                    DeliveryStatus.FAILED,
                    AT.plusSeconds(60),
                    Optional.of("smtp 550: \"mailbox unavailable\" <ann@example.org>")),
            OutboxMessage.class));
    List<OutboxMessage> generated = generatedMessages(40);
    for (int i = 0; i < generated.size(); i++) {
      out.put("outbox-generated-" + i, new Fixture(generated.get(i), OutboxMessage.class));
    }
    return out;
  }

  /**
   * Outbox messages with arbitrary text (ASCII, with its control characters, quotes and
   * backslashes; and code points up to U+07FF: Latin and other scripts), optionals present and
   * absent, from a fixed seed.
   */
  private static List<OutboxMessage> generatedMessages(int count) {
    Gen<String> ascii = SourceDSL.strings().betweenCodePoints(0, 0x7F).ofLengthBetween(0, 24);
    Gen<String> text = SourceDSL.strings().betweenCodePoints(0, 0x7FF).ofLengthBetween(0, 24);
    Gen<Map<String, String>> attributes = SourceDSL.maps().of(ascii, text).ofSizeBetween(0, 4);
    List<OutboxMessage> out = new ArrayList<>();
    QuickTheory.qt()
        .withFixedSeed(20261205L)
        .withExamples(count)
        .forAll(
            ascii,
            attributes,
            SourceDSL.integers().between(0, 9),
            SourceDSL.longs().between(0, 400_000_000L))
        .checkAssert(
            (note, attrs, attempts, seconds) ->
                out.add(
                    new OutboxMessage(
                        "gen/" + seconds + "/" + note,
                        attempts % 2 == 0 ? "event" : "e-bill",
                        attempts % 3 == 0
                            ? Optional.empty()
                            : Optional.of(CustomerId.of("c-" + attempts)),
                        attempts % 3 == 1
                            ? Optional.of(Channel.values()[attempts % 6])
                            : Optional.empty(),
                        attrs,
                        Instant.ofEpochSecond(1_700_000_000L + seconds, attempts * 1_000_000L),
                        DeliveryStatus.values()[attempts % 4],
                        attempts,
                        Instant.ofEpochSecond(1_700_000_000L + seconds + attempts),
                        attempts % 2 == 1 ? Optional.of(note) : Optional.empty())));
    return out;
  }
}
