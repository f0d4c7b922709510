package dev.care.benchmarks;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.Priority;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.consumption.LineItem;
import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.SalesChannel;
import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.ledger.Earn;
import dev.care.core.ledger.Funding;
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.Transaction;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.time.ManualClock;
import dev.care.storage.jdbc.internal.RecordCodec;
import dev.care.storage.outbox.OutboxMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PostgreSQL adapter's JSON codec ({@link RecordCodec}) writing and reading one document, for
 * the kinds the demo stores most (issue 22): the journal transaction of an earn posting as the
 * engine writes it for a purchase, the outbox message of a care event (written, then read back by
 * the dispatcher's claim), a care action and a purchase. The documents are built once with the
 * domain's public constructors; {@code read} parses the text {@code write} produced.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecordCodecBenchmark {
  private static final Instant AT = Instant.parse("2026-03-14T15:09:26.535Z");

  /** Which document: {@code transaction}, {@code outbox}, {@code action} or {@code purchase}. */
  @Param({"transaction", "outbox", "action", "purchase"})
  public String document;

  private final RecordCodec codec = new RecordCodec();
  private Object value;
  private Class<?> type;
  private String json;

  /** Builds the document and its text. */
  @Setup
  public void build() {
    switch (document) {
      case "transaction" -> {
        value = earnTransaction();
        type = Transaction.class;
      }
      case "outbox" -> {
        value = eventMessage();
        type = OutboxMessage.class;
      }
      case "action" -> {
        value = careAction();
        type = CareAction.class;
      }
      case "purchase" -> {
        value = purchase();
        type = ConsumptionRecord.class;
      }
      default -> throw new IllegalArgumentException("unknown document " + document);
    }
    json = codec.write(value, type);
    if (!codec.read(json, type).equals(value)) {
      throw new IllegalStateException(document + " does not round-trip: " + json);
    }
  }

  /** The journal transaction of a purchase's earn, with its context as the engine sets it. */
  private static Transaction earnTransaction() {
    Ledger ledger = Ledger.create(ManualClock.at(AT));
    PostingContext ctx =
        PostingContext.of("points for purchase", "care-engine")
            .withSourceRef("P-2026-000417")
            .withRule("salon.earn@3");
    ledger.execute(
        new Earn(
            IdempotencyKey.of("earn/P-2026-000417/0"),
            CustomerId.of("member-00417"),
            BigDecimal.valueOf(45),
            BigDecimal.valueOf(45),
            Funding.ISSUED,
            Optional.of(AT.plus(Duration.ofDays(14))),
            ctx));
    return ledger.journal().get(0);
  }

  /** The outbox message of a purchase-recorded care event, as the engine enqueues it. */
  private static OutboxMessage eventMessage() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("customer", "member-00417");
    a.put("occurredAt", AT.toString());
    a.put("purchaseId", "P-2026-000417");
    a.put("currency", "EUR");
    a.put("amountMinor", "4500");
    return OutboxMessage.pending(
        "event/purchase-recorded/member-00417/P-2026-000417",
        "purchase-recorded",
        Optional.empty(),
        Optional.empty(),
        a,
        AT);
  }

  /** A thank-you message to send after a visit. */
  private static CareAction careAction() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("firstName", "Anna");
    v.put("salon", "Salon Nord");
    v.put("surveyToken", "q7Hc0Zp2kLw9xVb4");
    return new CareAction(
        "thanks/member-00417/P-2026-000417",
        CustomerId.of("member-00417"),
        CareActionKind.THANK_YOU,
        Channel.EMAIL,
        "thank-you.visit",
        v,
        AT.plus(Duration.ofHours(2)),
        Priority.NORMAL,
        ServiceLevel.SATISFACTORY);
  }

  /** A purchase of two services in a salon. */
  private static Purchase purchase() {
    return new Purchase(
        "P-2026-000417",
        CustomerId.of("member-00417"),
        AT,
        Money.ofMinor("EUR", 4500),
        List.of(
            LineItem.of("CUT-W", "haircut", 1, Money.ofMinor("EUR", 3200)),
            LineItem.of("CARE-1", "treatment", 1, Money.ofMinor("EUR", 1300))),
        SalesChannel.STORE,
        Optional.of("salon-north"));
  }

  /**
   * Writes the document.
   *
   * @return its text (consumed by JMH)
   */
  @Benchmark
  public String write() {
    return codec.write(value, type);
  }

  /**
   * Reads the document's text.
   *
   * @return the value (consumed by JMH)
   */
  @Benchmark
  public Object read() {
    return codec.read(json, type);
  }
}
