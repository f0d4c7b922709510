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
  static final int CONTRACTS = 99;

  /** For each broken adapter, the contracts (method names) that must catch its flaw. */
  static final Map<String, List<String>> CAUGHT_BY =
      Map.ofEntries(
          Map.entry(
              "LosesUpdates",
              List.of(
                  "UnitsOfWork.secondWriterLoses",
                  "Records.segments",
                  "InteractionsAndVouchers.interactions",
                  "InteractionsAndVouchers.redeemedOnce")),
          Map.entry(
              "IgnoresIdempotency",
              List.of(
                  "Journal.duplicateKey",
                  "Journal.duplicateKeyInOneUnit",
                  "IdempotencyAcrossInstances.racingInstances",
                  "IdempotencyAcrossInstances.keyTakenBetweenDecisionAndCommit",
                  "Journal.appendAndRead",
                  "LedgerThroughStorage.L7_L11_replay_and_idempotency_across_restart",
                  "LedgerThroughStorage.L14_failure_at_each_step",
                  "LedgerThroughStorage.unknown_outcome_is_not_failure",
                  "TransportFaults.unknownOutcomeRetriedToOneEffect",
                  // keys stripped from the journal: "keys in the journals = keys applied" fails
                  "Concurrency.racing_writers",
                  "Concurrency.one_customer",
                  "Concurrency.different_customers_never_conflict",
                  "Concurrency.same_key_at_once")),
          Map.entry(
              "HalfCommit",
              List.of(
                  "UnitsOfWork.staleVersionWritesNothing",
                  "CareStates.twoCustomersBothOrNeither",
                  "TransportFaults.statementFailingAtAnyStep")),
          Map.entry(
              "DropsOutbox",
              List.of(
                  "Outbox.L15_outbox_in_the_same_transaction",
                  "Outbox.dueAndUpdate",
                  "Outbox.claims",
                  "Outbox.deliveredTo")),
          Map.entry(
              "IgnoresJournalPosition",
              List.of("Journal.outOfPosition", "Journal.transferInBothJournals")),
          Map.entry(
              "DropsReceivedTransfers",
              List.of(
                  "Journal.transferInBothJournals",
                  "Concurrency.L30_replay_each_customer_after_races")),
          Map.entry(
              "AcceptsBadLimits",
              List.of(
                  "Journal.badLimit",
                  "CareStates.badLimit",
                  "ChangeFeed.badLimit",
                  "DueIndex.badArguments",
                  "Records.customerIdsBadLimit",
                  "Outbox.outboxLimits",
                  "Retention.purgeRespectsItsLimit")),
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
              List.of(
                  "Journal.outOfPosition",
                  "CareStates.staleVersionWritesNothing",
                  "Journal.positionTakenByAnotherInstance")),
          Map.entry(
              "PagesStatesNumerically",
              List.of(
                  "CareStates.paging",
                  "Records.customerIdOrder",
                  "Fidelity.generatedIdsPageInCodePointOrder")),
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
          Map.entry("LeaseIsAChange", List.of("DueIndex.leaseIsNotAChange")),
          Map.entry("VisibleBeforeCommit", List.of("UnitsOfWork.invisibleUntilCommit")),
          Map.entry("RepeatsRecords", List.of("Records.consumption", "Records.actionsAndTasks")),
          Map.entry(
              "AfterInclusive",
              List.of(
                  "Records.paging",
                  "Records.customerIdOrder",
                  "Journal.paging",
                  "ChangeFeed.positionsIncrease",
                  "ChangeFeed.commitAppearsAfterLastPosition")),
          Map.entry(
              "CaseInsensitiveIds",
              List.of(
                  "Records.customers",
                  "InteractionsAndVouchers.vouchers",
                  "Fidelity.caseSensitiveIds",
                  "Fidelity.generatedIdsKeptApart")),
          Map.entry(
              "TruncatesIds",
              List.of("Fidelity.longAndAccentedIds", "Fidelity.generatedIdsKeptApart")),
          Map.entry("TruncatesToMicros", List.of("Fidelity.subSecondInstants")),
          Map.entry(
              "ForgetsManualTierAndReferrer",
              List.of("Fidelity.subSecondInstants", "CareStates.insertAndUpdate")),
          Map.entry("CommitsInBatches", List.of("UnitsOfWork.largeUnitFailingAtTheEnd")),
          Map.entry(
              "DropsWritesPast256",
              List.of("UnitsOfWork.largeUnitLandsWhole", "UnitsOfWork.largeUnitFailingAtTheEnd")),
          Map.entry("CapsReadsAt1000", List.of("Journal.longJournal")),
          Map.entry("ReenqueueReplaces", List.of("Outbox.reenqueuedDeliveredIsNotSentAgain")),
          Map.entry(
              // the dispatcher contracts end (a run handles a message once), failing with a count
              "LosesOutboxUpdates",
              List.of(
                  "Outbox.dueAndUpdate",
                  "Outbox.claims",
                  "Concurrency.racing_dispatchers",
                  "Outbox.updateAllInOrder",
                  "Outbox.dispatcherBatchSemantics")),
          Map.entry(
              "CachesReads",
              List.of(
                  "Visibility.notFoundIsNotCached",
                  "Visibility.staleValueIsNotCached",
                  "Erasure.secondInstanceSeesTheErasure")),
          Map.entry("PurgesEveryStatus", List.of("Retention.purgesOnlyFinishedBeforeTheCutoff")),
          Map.entry(
              "PurgeIgnoresLimit",
              List.of(
                  "Retention.purgeRespectsItsLimit", "Retention.retentionRunsInBoundedBatches")),
          Map.entry("PurgeLeavesGhosts", List.of("Retention.purgedMessageLeavesEveryRead")),
          Map.entry("PurgeByCreatedAt", List.of("Retention.capsKeepCounting")),
          Map.entry(
              "CountersLastWriterWins",
              List.of(
                  "CounterShards.stale_writes_conflict_and_change_nothing",
                  "CounterShards.shard_is_part_of_the_unit_of_work")),
          Map.entry(
              "CountersOutsideTheUnit", List.of("CounterShards.shard_is_part_of_the_unit_of_work")),
          Map.entry(
              "CountersIgnoreTheName", List.of("CounterShards.shards_are_created_and_updated")),
          Map.entry("CountersStartWithAShard", List.of("CounterShards.unknown_counter_is_empty")),
          Map.entry(
              "CountersAcceptMalformed", List.of("CounterShards.malformed_arguments_are_refused")),
          Map.entry(
              "EraseLeavesInteractionNotes",
              List.of(
                  "Erasure.personalDataLeavesEveryRead",
                  "Erasure.erasingTwiceIsHarmless",
                  "Erasure.secondInstanceSeesTheErasure")),
          Map.entry(
              "EraseLeavesOutboxTexts",
              List.of(
                  "Erasure.personalDataLeavesEveryRead",
                  "Erasure.erasingTwiceIsHarmless",
                  "Erasure.secondInstanceSeesTheErasure")),
          Map.entry(
              "EraseLeavesActionVariables",
              List.of(
                  "Erasure.personalDataLeavesEveryRead",
                  "Erasure.erasingTwiceIsHarmless",
                  "Erasure.secondInstanceSeesTheErasure")),
          Map.entry(
              "EraseLeavesTaskAccommodations",
              List.of(
                  "Erasure.personalDataLeavesEveryRead",
                  "Erasure.erasingTwiceIsHarmless",
                  "Erasure.secondInstanceSeesTheErasure")),
          Map.entry(
              "EraseLeavesSegmentAttributes",
              List.of(
                  "Erasure.personalDataLeavesEveryRead",
                  "Erasure.secondInstanceSeesTheErasure",
                  "Erasure.erasedCustomerLeavesTheDueIndex")),
          Map.entry("EraseKeepsDue", List.of("Erasure.erasedCustomerLeavesTheDueIndex")),
          Map.entry(
              "EraseDeletesJournal",
              List.of("Erasure.ledgerStays", "Erasure.erasingTwiceIsHarmless")),
          Map.entry(
              "EraseDeletesTheFile",
              List.of("Erasure.erasingTwiceIsHarmless", "Erasure.personalDataLeavesEveryRead")),
          Map.entry("EraseCreatesUnknown", List.of("Erasure.unknownCustomerIsLeftUnknown")),
          Map.entry("EraseScrubsEveryCustomer", List.of("Erasure.otherCustomersUntouched")),
          Map.entry(
              "LiesAboutLostReply",
              List.of(
                  "TransportFaults.lostReplyAfterCommit",
                  "TransportFaults.unknownOutcomeRetriedToOneEffect")),
          Map.entry(
              "SwallowsLostReply",
              List.of(
                  "TransportFaults.lostCommit",
                  "TransportFaults.unknownOutcomeRetriedToOneEffect")),
          Map.entry(
              "LeaksTransportErrors",
              List.of(
                  "TransportFaults.statementFailingAtAnyStep",
                  "TransportFaults.lostReplyAfterCommit",
                  "TransportFaults.lostCommit",
                  "TransportFaults.unknownOutcomeRetriedToOneEffect")),
          // per-instance state, not declared DURABLE: caught through the kit's default second
          // instance
          Map.entry("LeasesPerInstance", List.of("Outbox.claims", "DueIndex.claims")),
          Map.entry("PositionsPerInstance", List.of("Journal.positionTakenByAnotherInstance")),
          Map.entry("NormalisesIds", List.of("Fidelity.generatedIdsKeptApart")),
          Map.entry("OrdersByUtf16", List.of("Fidelity.generatedIdsPageInCodePointOrder")),
          Map.entry("RecordMissesTasks", List.of("Records.recordAgreesWithSingleReads")),
          Map.entry("BatchUpdateFirstWins", List.of("Outbox.updateAllInOrder")),
          Map.entry("BatchUpdatePerMessage", List.of("Outbox.updateAllIsAtomic")),
          Map.entry("DeliveriesAtOnceInclusive", List.of("Outbox.deliveredToSeveral")),
          Map.entry("CustomersAtOnceCapsAt100", List.of("Records.customersAtOnce")),
          Map.entry("QueueByDue", List.of("TaskQueue.queueOrder")),
          Map.entry("QueueCursorInclusive", List.of("TaskQueue.queuePagesWithCursor")),
          Map.entry("QueueIgnoresStatus", List.of("TaskQueue.queueFiltersStatus")),
          Map.entry("TaskUpdateUpserts", List.of("TaskQueue.updateOfUnknownTaskConflicts")),
          Map.entry("QueueKeepsErased", List.of("TaskQueue.erasureEmptiesTheQueue")),
          Map.entry("ServiceCountsEndInclusive", List.of("TaskQueue.serviceCounts")));

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
        "LeaseIsAChange",
        "VisibleBeforeCommit",
        "RepeatsRecords",
        "AfterInclusive",
        "CaseInsensitiveIds",
        "TruncatesIds",
        "TruncatesToMicros",
        "ForgetsManualTierAndReferrer",
        "CommitsInBatches",
        "DropsWritesPast256",
        "CapsReadsAt1000",
        "ReenqueueReplaces",
        "LosesOutboxUpdates",
        "CachesReads",
        "PurgesEveryStatus",
        "PurgeIgnoresLimit",
        "PurgeLeavesGhosts",
        "PurgeByCreatedAt",
        "CountersLastWriterWins",
        "CountersOutsideTheUnit",
        "CountersIgnoreTheName",
        "CountersStartWithAShard",
        "CountersAcceptMalformed",
        "EraseLeavesInteractionNotes",
        "EraseLeavesOutboxTexts",
        "EraseLeavesActionVariables",
        "EraseLeavesTaskAccommodations",
        "EraseLeavesSegmentAttributes",
        "EraseKeepsDue",
        "EraseDeletesJournal",
        "EraseDeletesTheFile",
        "EraseCreatesUnknown",
        "EraseScrubsEveryCustomer",
        "LiesAboutLostReply",
        "SwallowsLostReply",
        "LeaksTransportErrors",
        "LeasesPerInstance",
        "PositionsPerInstance",
        "NormalisesIds",
        "OrdersByUtf16",
        "RecordMissesTasks",
        "QueueByDue",
        "QueueCursorInclusive",
        "QueueIgnoresStatus",
        "TaskUpdateUpserts",
        "QueueKeepsErased",
        "ServiceCountsEndInclusive",
        "BatchUpdateFirstWins",
        "BatchUpdatePerMessage",
        "DeliveriesAtOnceInclusive",
        "CustomersAtOnceCapsAt100"
      })
  @DisplayName("the kit fails a broken adapter in the contracts that name its flaw")
  void kit_fails_broken_adapter(String name) throws ClassNotFoundException {
    Class<?> kit = Class.forName(BrokenAdapterKitRuns.class.getName() + "$" + name);
    List<String> failed = failed(run(kit));
    System.out.println(name + " caught by " + failed.size() + " contracts: " + failed);
    assertThat(failed).as("%s should fail the kit", name).isNotEmpty();
    assertThat(failed).as("contracts failing %s", name).containsAll(CAUGHT_BY.get(name));
  }

  /** Every contract of the kit, as "Group.method", read from its nested classes. */
  static java.util.Set<String> contracts() {
    java.util.Set<String> all = new java.util.TreeSet<>();
    for (Class<?> group : CareStorageCompatibilityKit.class.getDeclaredClasses()) {
      if (!group.isAnnotationPresent(org.junit.jupiter.api.Nested.class)) {
        continue;
      }
      for (java.lang.reflect.Method m : group.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Test.class)) {
          all.add(group.getSimpleName() + "." + m.getName());
        }
      }
    }
    return all;
  }

  @Test
  @DisplayName("every contract is proven by a broken adapter that it catches")
  void every_contract_catches_a_broken_adapter() {
    java.util.Set<String> proven = new java.util.TreeSet<>();
    CAUGHT_BY.values().forEach(proven::addAll);
    assertThat(contracts()).hasSize(CONTRACTS);
    assertThat(proven).as("contracts named in CAUGHT_BY").isSubsetOf(contracts());
    assertThat(contracts()).as("contracts no broken adapter proves").isSubsetOf(proven);
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
  @DisplayName(
      "an adapter that reports every fault beneath it as 'outcome unknown' passes the whole kit:"
          + " an honest unknown is accepted")
  void honest_unknown_passes() {
    Events events = run(BrokenAdapterKitRuns.ReportsEveryFaultAsUnknown.class);
    assertThat(failed(events)).isEmpty();
    assertThat(events.succeeded().count()).isEqualTo(CONTRACTS - 1);
  }

  @Test
  @DisplayName("a correct durable adapter passes the whole kit, the DURABLE contracts included")
  void durable_reference_passes() {
    Events events = run(DurableInMemoryTckTest.class);
    assertThat(failed(events)).isEmpty();
    assertThat(events.succeeded().count()).isEqualTo(CONTRACTS);
  }
}
