package dev.care.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The kit must report every deliberately broken adapter as failing, in the right contracts. */
class BrokenAdaptersTest {
  /** The number of contracts in the kit. */
  static final int CONTRACTS = 56;

  /** For each broken adapter, the contracts (method names) that must catch its flaw. */
  static final Map<String, List<String>> CAUGHT_BY =
      Map.ofEntries(
          Map.entry("LosesUpdates", List.of("UnitsOfWork.secondWriterLoses", "Records.segments")),
          Map.entry(
              "IgnoresIdempotency",
              List.of(
                  "Journal.duplicateKey",
                  "Journal.duplicateKeyInOneUnit",
                  "IdempotencyAcrossInstances.racingInstances",
                  "IdempotencyAcrossInstances.keyTakenBetweenDecisionAndCommit")),
          Map.entry(
              "HalfCommit",
              List.of(
                  "UnitsOfWork.staleVersionWritesNothing", "CareStates.twoCustomersBothOrNeither")),
          Map.entry("DropsOutbox", List.of("Outbox.L15_outbox_in_the_same_transaction")),
          Map.entry(
              "IgnoresJournalPosition",
              List.of("Journal.outOfPosition", "Journal.transferInBothJournals")),
          Map.entry("DropsReceivedTransfers", List.of("Journal.transferInBothJournals")),
          Map.entry(
              "AcceptsBadLimits",
              List.of(
                  "Journal.badLimit",
                  "CareStates.badLimit",
                  "ChangeFeed.badLimit",
                  "DueIndex.badArguments")),
          Map.entry(
              "IgnoresStateVersion",
              List.of(
                  "CareStates.insertAndUpdate",
                  "CareStates.staleVersionWritesNothing",
                  "ChangeFeed.model")),
          Map.entry(
              "LastWriterWins",
              // the races (Concurrency.one_customer, L30 after the races) catch it when writers
              // happen to overlap; these contracts always do
              List.of("Journal.outOfPosition", "CareStates.staleVersionWritesNothing")),
          Map.entry("PagesStatesNumerically", List.of("CareStates.paging")),
          Map.entry(
              "FeedEveryChange", List.of("ChangeFeed.oneEntryPerCustomer", "ChangeFeed.model")),
          Map.entry("FeedPerInstance", List.of("ChangeFeed.seenByASecondInstance")),
          Map.entry(
              "KeyLookupPerInstance",
              List.of("IdempotencyAcrossInstances.committedKeySeenByAnotherInstance")),
          Map.entry(
              "ProgrammeWideSequence",
              // the race (different_customers_never_conflict) catches it only when two commits
              // happen to overlap; the deterministic contract always does
              List.of("Concurrency.other_customer_between_read_and_commit")),
          Map.entry("DueToTheSecond", List.of("DueIndex.dueAtOrBefore")),
          Map.entry("DueInDueOrder", List.of("DueIndex.dueAtOrBefore")),
          Map.entry("KeepsOldDue", List.of("DueIndex.updatesMoveCustomers")),
          Map.entry("ClaimsWithoutLease", List.of("DueIndex.claims")),
          Map.entry("LeaseIsAChange", List.of("DueIndex.leaseIsNotAChange")));

  static Events run(Class<?> kit) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
  }

  static List<String> failed(Events events) {
    return events.failed().stream()
        .map(Event::getTestDescriptor)
        .map(d -> d.getUniqueId().toString())
        .map(BrokenAdaptersTest::contract)
        .toList();
  }

  /** "Group.method" from a unique id such as {@code [nested-class:Journal]/[method:paging()]}. */
  static String contract(String uniqueId) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\[nested-class:(\\w+)\\]/\\[method:(\\w+)\\(")
            .matcher(uniqueId);
    return m.find() ? m.group(1) + "." + m.group(2) : uniqueId;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "LosesUpdates",
        "IgnoresIdempotency",
        "HalfCommit",
        "DropsOutbox",
        "IgnoresJournalPosition",
        "DropsReceivedTransfers",
        "AcceptsBadLimits",
        "IgnoresStateVersion",
        "LastWriterWins",
        "PagesStatesNumerically",
        "FeedEveryChange",
        "FeedPerInstance",
        "KeyLookupPerInstance",
        "ProgrammeWideSequence",
        "DueToTheSecond",
        "DueInDueOrder",
        "KeepsOldDue",
        "ClaimsWithoutLease",
        "LeaseIsAChange"
      })
  @DisplayName("the kit fails a broken adapter in the contracts that name its flaw")
  void kit_fails_broken_adapter(String name) throws ClassNotFoundException {
    Class<?> kit = Class.forName(BrokenAdapterKitRuns.class.getName() + "$" + name);
    List<String> failed = failed(run(kit));
    System.out.println(name + " caught by " + failed.size() + " contracts: " + failed);
    assertThat(failed).as("%s should fail the kit", name).isNotEmpty();
    assertThat(failed).as("contracts failing %s", name).containsAll(CAUGHT_BY.get(name));
  }

  @Test
  @DisplayName("the reference adapter passes the whole kit; only DURABLE contracts are skipped")
  void reference_passes() {
    Events events = run(InMemoryStorageTckTest.class);
    assertThat(failed(events)).isEmpty();
    assertThat(events.succeeded().count()).isEqualTo(CONTRACTS - 1);
    assertThat(events.skipped().count() + events.aborted().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a correct durable adapter passes the whole kit, the DURABLE contracts included")
  void durable_reference_passes() {
    Events events = run(DurableInMemoryTckTest.class);
    assertThat(failed(events)).isEmpty();
    assertThat(events.succeeded().count()).isEqualTo(CONTRACTS);
  }
}
