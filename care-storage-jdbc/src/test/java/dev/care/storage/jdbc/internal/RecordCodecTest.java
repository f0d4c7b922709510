package dev.care.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.care.core.ledger.IdempotencyKey;
import dev.care.core.ledger.Ledger;
import dev.care.core.ledger.PlaceHold;
import dev.care.core.ledger.PostingContext;
import dev.care.core.ledger.PostingId;
import dev.care.core.ledger.Reverse;
import dev.care.core.ledger.TopUp;
import dev.care.core.ledger.Transaction;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.Playbook;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.time.ManualClock;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private final RecordCodec codec = new RecordCodec();
  private final Instant at = Instant.parse("2026-06-01T10:00:00.123456789Z");

  private <T> T roundTrip(T value, Class<T> type) {
    return codec.read(codec.write(value, type), type);
  }

  @Test
  @DisplayName("a customer file with every optional part round-trips to an equal value")
  void customer_roundTrips() {
    Customer c =
        Customer.register(
                CustomerId.of("c-1"),
                Profile.named("Ann Émilie")
                    .withEmail("ann@example.org")
                    .withPhone("+4915112345678")
                    .withConsent(Consent.optedIn(Channel.EMAIL, Channel.SMS))
                    .withZone(ZoneId.of("Europe/Berlin"))
                    .withLocale(Locale.GERMANY),
                at)
            .withBirthday(ImportantDate.birthday(LocalDate.of(1990, 2, 28)))
            .withSpecialNeeds(Set.of(SpecialNeed.ELDERLY))
            .withTier(Optional.of(TierId.of("GOLD")))
            .withTags(Set.of("vip", "salon:north"));
    assertThat(roundTrip(c, Customer.class)).isEqualTo(c);
  }

  @Test
  @DisplayName("interfaces carry their record type; amounts, instants and decimals stay exact")
  void polymorphic_and_exact() {
    Purchase p =
        new Purchase(
            "O-9",
            CustomerId.of("c-1"),
            at,
            Money.ofMinor("EUR", 4500),
            List.of(LineItem.of("SKU-1", "colour", 2, Money.ofMinor("EUR", 4500))),
            SalesChannel.STORE,
            Optional.of("store-3"));
    assertThat(roundTrip(p, ConsumptionRecord.class)).isEqualTo(p);
    Voucher v =
        Voucher.issue(
            "SPRING-0001",
            "spring",
            CustomerId.of("c-1"),
            new VoucherValue.BonusValue(Money.ofMinor("JPY", 500)),
            at,
            at.plus(Duration.ofDays(30)));
    assertThat(roundTrip(v, Voucher.class)).isEqualTo(v);
    CareTask task =
        new CareTask(
            "call/c-1/1",
            CustomerId.of("c-1"),
            TaskKind.values()[0],
            "call back",
            at,
            Priority.HIGH,
            ServiceLevel.SATISFACTORY,
            Optional.of("staff-2"),
            Optional.of(new Playbook("calm down", List.of("listen", "apologise"))),
            List.of("seating"));
    assertThat(roundTrip(task, CareTask.class)).isEqualTo(task);
  }

  @Test
  @DisplayName("ledger transactions of several command kinds round-trip, BigDecimal scale kept")
  void transactions_roundTrip() {
    ManualClock clock = ManualClock.at(at);
    Ledger l = Ledger.create(clock);
    CustomerId ann = CustomerId.of("ann");
    PostingContext ctx = PostingContext.of("test", "test").withSourceRef("O-1").withRule("r@1");
    l.execute(
        new Earn(
            IdempotencyKey.of("e1"),
            ann,
            new BigDecimal("12.5"),
            new BigDecimal("10"),
            dev.care.core.ledger.Funding.ISSUED,
            Optional.empty(),
            ctx));
    l.execute(
        TopUp.of(IdempotencyKey.of("t1"), ann, Money.ofMinor("EUR", 1000), ctx)
            .withBonus(Money.ofMinor("EUR", 100), Duration.ofDays(3)));
    l.execute(
        new PlaceHold(IdempotencyKey.of("h1"), ann, Asset.POINTS, 5, Duration.ofHours(2), ctx));
    l.execute(Reverse.all(IdempotencyKey.of("r1"), new PostingId(ann, 1), ctx));
    for (Transaction tx : l.journal()) {
      assertThat(roundTrip(tx, Transaction.class)).isEqualTo(tx);
    }
  }

  @Test
  @DisplayName(
      "a transaction stored before the wallet commands moved to the ledger package still reads")
  void walletCommands_storedUnderTheirOldPackage_read() {
    Ledger l = Ledger.create(ManualClock.at(at));
    CustomerId ann = CustomerId.of("ann");
    PostingContext ctx = PostingContext.of("test", "test");
    l.execute(TopUp.of(IdempotencyKey.of("t1"), ann, Money.ofMinor("EUR", 1000), ctx));
    l.execute(
        new dev.care.core.ledger.Spend(
            IdempotencyKey.of("s1"), ann, Money.ofMinor("EUR", 400), ctx));
    for (Transaction tx : l.journal()) {
      String stored =
          codec
              .write(tx, Transaction.class)
              .replace("dev.care.core.ledger.TopUp", "dev.care.core.wallet.TopUp")
              .replace("dev.care.core.ledger.Spend", "dev.care.core.wallet.Spend");
      assertThat(stored).contains("dev.care.core.wallet.");
      assertThat(codec.read(stored, Transaction.class)).isEqualTo(tx);
    }
  }

  @Test
  @DisplayName(
      "stored text naming a class outside the library, or not a record of the type, is refused")
  void foreign_types_refused() {
    String json =
        codec.write(
            Purchase.of("O-1", CustomerId.of("c"), at, Money.ofMinor("EUR", 1)),
            ConsumptionRecord.class);
    String foreign = json.replace("dev.care.core.consumption.Purchase", "java.lang.ProcessBuilder");
    assertThatThrownBy(() -> codec.read(foreign, ConsumptionRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a care record");
    String wrong =
        json.replace("dev.care.core.consumption.Purchase", "dev.care.core.customer.CustomerId");
    assertThatThrownBy(() -> codec.read(wrong, ConsumptionRecord.class))
        .hasMessageContaining("is not a record implementing");
    String invalid = json.replace("\"O-1\"", "\" \"");
    assertThatThrownBy(() -> codec.read(invalid, ConsumptionRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stored Purchase is invalid");
  }

  /** The same document with every object's keys in jsonb's order: shorter keys first. */
  private static com.fasterxml.jackson.databind.JsonNode jsonbOrder(
      com.fasterxml.jackson.databind.JsonNode node) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode sorted =
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      node.properties().stream()
          .sorted(
              java.util.Comparator.comparing(
                      (java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e) ->
                          e.getKey().length())
                  .thenComparing(java.util.Map.Entry::getKey))
          .forEach(e -> sorted.set(e.getKey(), jsonbOrder(e.getValue())));
      return sorted;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode array =
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> array.add(jsonbOrder(n)));
      return array;
    }
    return node;
  }

  @Test
  @DisplayName(
      "documents read back from jsonb (keys reordered, \"@type\" after the other fields) read"
          + " equal, one by one and as an aggregated array")
  void jsonbOrderedDocuments_read() {
    Purchase p =
        new Purchase(
            "O-9",
            CustomerId.of("c-1"),
            at,
            Money.ofMinor("EUR", 4500),
            List.of(LineItem.of("SKU-1", "colour", 2, Money.ofMinor("EUR", 4500))),
            SalesChannel.STORE,
            Optional.of("store-3"));
    Purchase q = Purchase.of("O-10", CustomerId.of("c-1"), at, Money.ofMinor("EUR", 1));
    com.fasterxml.jackson.databind.JsonNode first =
        jsonbOrder(codec.tree(codec.write(p, ConsumptionRecord.class)));
    assertThat(first.properties().iterator().next().getKey()).isNotEqualTo("@type");
    assertThat(codec.read(first.toString(), ConsumptionRecord.class)).isEqualTo(p);
    assertThat(codec.read(first, ConsumptionRecord.class)).isEqualTo(p);
    String array =
        "[" + first + "," + jsonbOrder(codec.tree(codec.write(q, ConsumptionRecord.class))) + "]";
    assertThat(codec.readList(array, ConsumptionRecord.class)).containsExactly(p, q);
    assertThat(codec.readList("[]", ConsumptionRecord.class)).isEmpty();
    ManualClock clock = ManualClock.at(at);
    Ledger l = Ledger.create(clock);
    CustomerId ann = CustomerId.of("ann");
    PostingContext ctx = PostingContext.of("test", "test").withRule("r@1");
    l.execute(
        TopUp.of(IdempotencyKey.of("t1"), ann, Money.ofMinor("EUR", 1000), ctx)
            .withBonus(Money.ofMinor("EUR", 100), Duration.ofDays(3)));
    Transaction tx = l.journal().get(0);
    String reordered = jsonbOrder(codec.tree(codec.write(tx, Transaction.class))).toString();
    assertThat(codec.read(reordered, Transaction.class)).isEqualTo(tx);
  }

  @Test
  @DisplayName(
      "a stored value of the wrong shape is refused naming its path: a missing component, text"
          + " for a number, an element of a list")
  void wrongShapes_refusedWithPath() {
    String json =
        codec.write(
            new Purchase(
                "O-9",
                CustomerId.of("c-1"),
                at,
                Money.ofMinor("EUR", 4500),
                List.of(LineItem.of("SKU-1", "colour", 2, Money.ofMinor("EUR", 4500))),
                SalesChannel.STORE,
                Optional.empty()),
            ConsumptionRecord.class);
    assertThatThrownBy(
            () ->
                codec.read(
                    json.replace("\"quantity\":2", "\"quantity\":\"2\""), ConsumptionRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConsumptionRecord.items[0].quantity")
        .hasMessageContaining("expected an integer");
    assertThatThrownBy(
            () -> codec.read(json.replace("\"at\":", "\"when\":"), ConsumptionRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConsumptionRecord.at: missing value of type Instant");
    assertThatThrownBy(
            () ->
                codec.read(
                    json.replace("\"at\":\"2026", "\"at\":\"x2026"), ConsumptionRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConsumptionRecord.at: 'x2026");
    assertThatThrownBy(() -> codec.read("{\"orderId\":", ConsumptionRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not JSON");
  }

  @Test
  @DisplayName(
      "instants are written as the JSON string of Instant.toString, inside and outside the years"
          + " 0000-9999, and read back")
  void instants_writtenAsToString() {
    for (Instant i :
        List.of(
            Instant.MIN,
            Instant.MAX,
            Instant.EPOCH.minusNanos(1),
            Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("2024-02-29T12:34:56.000001Z"))) {
      Purchase p = Purchase.of("O-1", CustomerId.of("c-1"), i, Money.ofMinor("EUR", 1));
      String written = codec.write(p, ConsumptionRecord.class);
      assertThat(written).as(i.toString()).contains("\"at\":\"" + i + "\"");
      assertThat(codec.read(written, ConsumptionRecord.class)).isEqualTo(p);
    }
  }

  @Test
  @DisplayName(
      "a value declared by an interface reads with its \"@type\" first, last or between its"
          + " fields, and the document goes on after it; without a type it is refused")
  void interfaceValues_typeAnywhere() {
    Purchase p = Purchase.of("O-11", CustomerId.of("c-2"), at, Money.ofMinor("EUR", 250));
    String written = codec.write(p, ConsumptionRecord.class);
    com.fasterxml.jackson.databind.node.ObjectNode object =
        (com.fasterxml.jackson.databind.node.ObjectNode) codec.tree(written);
    com.fasterxml.jackson.databind.JsonNode type = object.remove("@type");
    com.fasterxml.jackson.databind.node.ObjectNode last = object.deepCopy();
    last.set("@type", type);
    com.fasterxml.jackson.databind.node.ObjectNode middle =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    int i = 0;
    for (var e : object.properties()) {
      if (i++ == 2) {
        middle.set("@type", type);
      }
      middle.set(e.getKey(), e.getValue());
    }
    for (String doc : List.of(written, last.toString(), middle.toString())) {
      assertThat(codec.read(doc, ConsumptionRecord.class)).as(doc).isEqualTo(p);
      assertThat(codec.readList("[" + doc + "," + doc + "]", ConsumptionRecord.class))
          .containsExactly(p, p);
    }
    assertThatThrownBy(() -> codec.read(object.toString(), ConsumptionRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read values of type");
  }

  @Test
  @DisplayName(
      "a map of strings (a segment projection) round-trips in order, also read back from jsonb;"
          + " anything but an object of strings is refused")
  void strings_roundTrip() {
    java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
    map.put("tier", "gold");
    map.put("quote\"d", "back\\slash \u00e9\n");
    map.put("", "");
    String json = codec.writeStrings(map);
    assertThat(codec.readStrings(json)).containsExactlyEntriesOf(map);
    assertThat(codec.readStrings(jsonbOrder(codec.tree(json)).toString())).isEqualTo(map);
    assertThat(codec.readStrings(codec.writeStrings(java.util.Map.of()))).isEmpty();
    assertThatThrownBy(() -> codec.readStrings("[\"a\"]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a JSON object of strings");
    assertThatThrownBy(() -> codec.readStrings("{\"a\":\"x\",\"n\":{\"b\":1}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected text under n");
    assertThatThrownBy(() -> codec.readStrings("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }
}
