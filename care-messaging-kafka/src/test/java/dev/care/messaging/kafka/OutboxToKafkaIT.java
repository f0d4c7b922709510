package dev.care.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.Channel;
import dev.care.core.customer.Consent;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.time.ManualClock;
import dev.care.storage.UnitOfWork;
import dev.care.storage.dispatch.DispatchPolicy;
import dev.care.storage.dispatch.DispatchReport;
import dev.care.storage.dispatch.OutboxDispatcher;
import dev.care.storage.memory.InMemoryStorage;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The outbox relayed to a real Kafka broker (KRaft, in this JVM): events committed through a unit
 * of work, delivered by the real {@link OutboxDispatcher} over {@link InMemoryStorage}, read back
 * by a consumer that de-duplicates on {@link CareHeaders#MESSAGE_ID}. Every committed event arrives
 * (at least once, exactly once after de-duplication) and each customer's events arrive in order —
 * also when sends fail mid-batch and when the broker stops mid-batch and comes back.
 */
class OutboxToKafkaIT {
  static final int PARTITIONS = 3;
  static final DispatchPolicy RETRY_FAST =
      new DispatchPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(2), List.of(), Set.of());
  static final AtomicInteger TOPICS = new AtomicInteger();

  static InProcessKafka kafka;

  final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  final InMemoryStorage storage = new InMemoryStorage();
  final String topic = "care-events-" + TOPICS.incrementAndGet();
  final List<String> committed = new ArrayList<>();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = InProcessKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  KafkaSettings settings(Duration sendTimeout) {
    return KafkaSettings.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topics(TopicNaming.single(topic))
        .sendTimeout(sendTimeout)
        .retries(5)
        .clock(clock)
        .build();
  }

  /**
   * Commits {@code perCustomer} events for each of {@code customers}, one unit of work per round,
   * interleaving the customers; each event carries its customer and its number for that customer.
   */
  void commitEvents(int customers, int perCustomer) {
    for (int n = 0; n < perCustomer; n++) {
      try (UnitOfWork u = storage.begin()) {
        for (int c = 1; c <= customers; c++) {
          int seq = next.merge(c, 1, Integer::sum);
          String id = String.format("evt/C-%d/%04d", c, seq);
          Map<String, String> attributes = new LinkedHashMap<>();
          attributes.put("customer", "C-" + c);
          attributes.put("sequence", Integer.toString(seq));
          u.enqueue(
              OutboxMessage.pending(
                  id,
                  "ledger-transaction",
                  Optional.empty(),
                  Optional.empty(),
                  attributes,
                  clock.instant()));
          committed.add(id);
        }
        u.commit();
      }
      clock.advance(Duration.ofMillis(1));
    }
  }

  private final Map<Integer, Integer> next = new TreeMap<>();

  /**
   * Runs the dispatcher until nothing is pending, moving the clock past each back-off and starting
   * the broker again if a fault stopped it.
   */
  void drain(OutboxDispatcher dispatcher) throws Exception {
    for (int run = 0; run < 50 && !storage.messages(DeliveryStatus.PENDING).isEmpty(); run++) {
      dispatcher.runOnce();
      if (kafka.isStopped()) {
        kafka.restartBroker();
      }
      clock.advance(Duration.ofSeconds(3));
    }
    assertThat(storage.messages(DeliveryStatus.PENDING)).isEmpty();
    assertThat(storage.messages(DeliveryStatus.FAILED)).isEmpty();
    assertThat(storage.messages(DeliveryStatus.DELIVERED)).hasSize(committed.size());
  }

  static String header(ConsumerRecord<String, String> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /**
   * Reads the topic and checks: every committed id is there at least once and nothing else is;
   * after de-duplication on the id header each is there exactly once; each customer's records are
   * on one partition and, in first-occurrence order, in the order they were committed.
   *
   * @return the records read, duplicates included
   */
  List<ConsumerRecord<String, String>> assertEveryEventArrivedInCustomerOrder() {
    List<ConsumerRecord<String, String>> records = new ArrayList<>(kafka.readAll(List.of(topic)));
    records.sort(
        Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));

    Map<String, Long> copies =
        records.stream()
            .collect(
                Collectors.groupingBy(
                    r -> header(r, CareHeaders.MESSAGE_ID), TreeMap::new, Collectors.counting()));
    assertThat(copies.keySet()).isEqualTo(new TreeSet<>(committed));
    assertThat(copies.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(1));

    Set<String> seen = new HashSet<>();
    Map<String, List<Integer>> firstOccurrences = new TreeMap<>();
    Map<String, Set<Integer>> partitions = new TreeMap<>();
    for (ConsumerRecord<String, String> r : records) {
      partitions.computeIfAbsent(r.key(), k -> new TreeSet<>()).add(r.partition());
      String id = header(r, CareHeaders.MESSAGE_ID);
      assertThat(r.key()).isEqualTo(header(r, CareHeaders.CUSTOMER));
      assertThat(r.value()).contains("\"id\":\"" + id + "\"");
      if (seen.add(id)) {
        firstOccurrences
            .computeIfAbsent(r.key(), k -> new ArrayList<>())
            .add(Integer.parseInt(id.substring(id.lastIndexOf('/') + 1)));
      }
    }
    assertThat(seen).hasSize(committed.size());
    assertThat(partitions.values()).allSatisfy(p -> assertThat(p).hasSize(1));
    assertThat(firstOccurrences.values()).allSatisfy(seqs -> assertThat(seqs).isSorted());
    return records;
  }

  @Test
  @DisplayName("every committed event arrives once, in each customer's order")
  void dispatch_committedEvents_everyEventArrivesInCustomerOrder() throws Exception {
    kafka.createTopics(PARTITIONS, topic);
    commitEvents(6, 20);
    try (KafkaEventPublisher events =
        KafkaEventPublisher.create(settings(Duration.ofSeconds(10)))) {
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(storage, List.of(), events, RETRY_FAST, clock);

      DispatchReport report = dispatcher.runOnce();

      assertThat(report.delivered()).isEqualTo(120);
      assertThat(events.stats()).isEqualTo(new KafkaRelayStats(120, 0, 0));
      drain(dispatcher);
    }
    List<ConsumerRecord<String, String>> records = assertEveryEventArrivedInCustomerOrder();
    assertThat(records).hasSize(120); // nothing failed, so nothing was sent twice
  }

  @Test
  @DisplayName("sends that fail mid-batch stay pending, are retried, and arrive in order")
  void dispatch_sendsFailMidBatch_everyEventArrivesInCustomerOrder() throws Exception {
    kafka.createTopics(PARTITIONS, topic);
    commitEvents(4, 15);
    KafkaSettings settings = settings(Duration.ofSeconds(10));
    try (KafkaProducer<String, String> real =
        new KafkaProducer<>(
            settings.producerConfig(), new StringSerializer(), new StringSerializer())) {
      // four customers, interleaved; after a failure the customer's later events are held back,
      // so send 5 is C-1's 2nd event, 9 C-2's 3rd, 22 C-3's 9th, 26 C-4's 12th (all in the first
      // run) and 27 the first retry (C-1's 2nd event again)
      FaultyProducer producer =
          new FaultyProducer(real)
              .at(5, new FaultyProducer.Refuse())
              .at(9, new FaultyProducer.LoseAcknowledgement())
              .at(22, new FaultyProducer.Refuse())
              .at(26, new FaultyProducer.LoseAcknowledgement())
              .at(27, new FaultyProducer.LoseAcknowledgement());
      KafkaEventPublisher events = KafkaEventPublisher.using(settings, producer);
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(storage, List.of(), events, RETRY_FAST, clock);

      DispatchReport first = dispatcher.runOnce();

      assertThat(first.delivered()).isEqualTo(26 - 4);
      assertThat(first.retried()).isEqualTo(60 - first.delivered());
      assertThat(events.stats()).isEqualTo(new KafkaRelayStats(22, 4, 60 - 26));
      List<OutboxMessage> pending = storage.messages(DeliveryStatus.PENDING);
      assertThat(pending).hasSize(first.retried());
      assertThat(pending)
          .allSatisfy(
              m -> {
                assertThat(m.attempts()).isEqualTo(1);
                assertThat(m.lastError().orElseThrow())
                    .containsAnyOf("KafkaSendFailedException", "KafkaSendHeldBackException")
                    .contains(m.id());
              });
      assertThat(storage.message("evt/C-1/0002").orElseThrow().lastError().orElseThrow())
          .contains("injected: send 5 refused", "topic " + topic, "key C-1");
      assertThat(storage.message("evt/C-1/0003").orElseThrow().lastError().orElseThrow())
          .contains("held back", "evt/C-1/0002");
      drain(dispatcher);
    }
    List<ConsumerRecord<String, String>> records = assertEveryEventArrivedInCustomerOrder();
    // three acknowledgements were lost after the broker wrote the record: those arrive twice
    assertThat(records).hasSize(60 + 3);
    assertThat(
            records.stream().filter(r -> header(r, CareHeaders.MESSAGE_ID).equals("evt/C-2/0003")))
        .hasSize(2);
  }

  @Test
  @DisplayName("the broker stops mid-batch and comes back: every event arrives, in order")
  void dispatch_brokerStopsMidBatchAndRestarts_everyEventArrivesInCustomerOrder() throws Exception {
    kafka.createTopics(PARTITIONS, topic);
    commitEvents(3, 10);
    KafkaSettings settings = settings(Duration.ofMillis(1500));
    try (KafkaProducer<String, String> real =
        new KafkaProducer<>(
            settings.producerConfig(), new StringSerializer(), new StringSerializer())) {
      FaultyProducer producer =
          new FaultyProducer(real).at(12, new FaultyProducer.Before(kafka::stopBroker));
      KafkaEventPublisher events = KafkaEventPublisher.using(settings, producer);
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(storage, List.of(), events, RETRY_FAST, clock);

      DispatchReport whileStopping = dispatcher.runOnce();

      assertThat(whileStopping.delivered()).isEqualTo(11);
      assertThat(whileStopping.retried()).isEqualTo(30 - 11);
      // one send per customer waited for the broker; the later ones were held back at once
      assertThat(events.stats().failed()).isEqualTo(3);
      assertThat(events.stats().heldBack()).isEqualTo(30 - 11 - 3);

      kafka.restartBroker();
      commitEvents(3, 5); // and more after the restart
      drain(dispatcher);
    }
    assertEveryEventArrivedInCustomerOrder();
  }

  @Test
  @DisplayName("customer messages go out on their channel, keyed by the recipient")
  void dispatch_customerMessages_sentOnKafkaChannel() throws Exception {
    kafka.createTopics(PARTITIONS, topic);
    CustomerId ann = CustomerId.of("C-1");
    try (UnitOfWork u = storage.begin()) {
      u.putCustomer(
          Customer.register(
              ann,
              Profile.named("Ann")
                  .withPhone("+4915112345678")
                  .withPreferredChannel(Channel.SMS)
                  .withConsent(Consent.optedIn(Channel.SMS)),
              clock.instant()),
          0);
      for (int i = 1; i <= 3; i++) {
        String id = "care/C-1/" + i;
        u.enqueue(
            OutboxMessage.pending(
                id,
                "care-action",
                Optional.of(ann),
                Optional.of(Channel.SMS),
                Map.of("text", "message " + i),
                clock.instant()));
        committed.add(id);
      }
      u.commit();
    }
    try (KafkaMessageChannel sms =
            KafkaMessageChannel.create(Channel.SMS, settings(Duration.ofSeconds(10)));
        KafkaEventPublisher events = KafkaEventPublisher.create(settings(Duration.ofSeconds(10)))) {
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(storage, List.of(sms), events, RETRY_FAST, clock);
      assertThat(dispatcher.runOnce().delivered()).isEqualTo(3);
      assertThat(sms.stats().sent()).isEqualTo(3);
    }
    List<ConsumerRecord<String, String>> records = assertEveryEventArrivedInCustomerOrder();
    assertThat(records)
        .allSatisfy(r -> assertThat(header(r, CareHeaders.CHANNEL)).isEqualTo("SMS"));
  }

  @Test
  @DisplayName("soak (-Pstress): many events, faults every few dozen sends, a broker stop")
  void soak_manyEventsWithFaultsAndABrokerStop_everyEventArrivesInCustomerOrder() throws Exception {
    int events = Integer.getInteger("care.kafka.soak.events", 0);
    Assumptions.assumeTrue(events > 0, "set care.kafka.soak.events (mvn -Pstress) to soak");
    int customers = 20;
    int perCustomer = Math.max(1, events / customers);
    kafka.createTopics(PARTITIONS, topic);
    KafkaSettings settings = settings(Duration.ofSeconds(1));
    try (KafkaProducer<String, String> real =
        new KafkaProducer<>(
            settings.producerConfig(), new StringSerializer(), new StringSerializer())) {
      FaultyProducer producer = new FaultyProducer(real);
      for (int send = 97; send < 4 * events; send += 97) {
        producer.at(
            send,
            send % 2 == 0 ? new FaultyProducer.Refuse() : new FaultyProducer.LoseAcknowledgement());
      }
      producer.at(events / 2, new FaultyProducer.Before(kafka::stopBroker));
      KafkaEventPublisher publisher = KafkaEventPublisher.using(settings, producer);
      OutboxDispatcher dispatcher =
          new OutboxDispatcher(storage, List.of(), publisher, RETRY_FAST, clock);
      for (int round = 0; round < 4; round++) {
        commitEvents(customers, perCustomer / 4);
        drain(dispatcher); // the broker stops at some send in some round, and restarts
      }
      assertThat(producer.sends()).isGreaterThan(events / 2); // so the broker stopped once
      assertThat(kafka.isStopped()).isFalse();
      assertThat(publisher.stats().failed()).isGreaterThan(0);
    }
    assertEveryEventArrivedInCustomerOrder();
  }
}
