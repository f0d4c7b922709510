package dev.care.storage.tck;

import dev.care.storage.CareStorage;

/**
 * The kit bound to each broken adapter. Not named *Test: surefire must not run these directly (they
 * are meant to fail); {@link BrokenAdaptersTest} runs them and checks that they do.
 */
final class BrokenAdapterKitRuns {
  private BrokenAdapterKitRuns() {}

  /**
   * The kit over one flaw, as an integrator would bind it: the fault plan goes to the in-memory
   * store's transport, and a second instance is a new adapter instance over the same data.
   */
  abstract static class Broken extends CareStorageCompatibilityKit {
    abstract BrokenStorage.Flaw flaw();

    @Override
    protected CareStorage newStorage() {
      return new BrokenStorage(flaw(), faults.inMemory());
    }

    /** Fewer racing operations than the default: enough to expose each flaw, and quicker. */
    @Override
    protected int concurrencyOperations() {
      return 100;
    }

    @Override
    protected CareStorage reopen(CareStorage existing) {
      return ((BrokenStorage) existing).reopened();
    }
  }

  static class LosesUpdates extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.LOSES_UPDATES;
    }
  }

  static class IgnoresIdempotency extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.IGNORES_IDEMPOTENCY;
    }
  }

  static class HalfCommit extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.HALF_COMMIT;
    }
  }

  static class DropsOutbox extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.DROPS_OUTBOX;
    }
  }

  static class IgnoresJournalPosition extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.IGNORES_JOURNAL_POSITION;
    }
  }

  static class DropsReceivedTransfers extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.DROPS_RECEIVED_TRANSFERS;
    }
  }

  static class AcceptsBadLimits extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ACCEPTS_BAD_LIMITS;
    }
  }

  static class IgnoresStateVersion extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.IGNORES_STATE_VERSION;
    }
  }

  static class LastWriterWins extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.LAST_WRITER_WINS;
    }
  }

  static class PagesStatesNumerically extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.PAGES_STATES_NUMERICALLY;
    }
  }

  static class FeedEveryChange extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.FEED_EVERY_CHANGE;
    }
  }

  static class FeedPerInstance extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.FEED_PER_INSTANCE;
    }
  }

  static class KeyLookupPerInstance extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.KEY_LOOKUP_PER_INSTANCE;
    }
  }

  static class ProgrammeWideSequence extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.PROGRAMME_WIDE_SEQUENCE;
    }
  }

  static class DueToTheSecond extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.DUE_TO_THE_SECOND;
    }
  }

  static class DueInDueOrder extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.DUE_IN_DUE_ORDER;
    }
  }

  static class KeepsOldDue extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.KEEPS_OLD_DUE;
    }
  }

  static class ClaimsWithoutLease extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.CLAIMS_WITHOUT_LEASE;
    }
  }

  static class LeaseIsAChange extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.LEASE_IS_A_CHANGE;
    }
  }

  static class VisibleBeforeCommit extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.VISIBLE_BEFORE_COMMIT;
    }
  }

  static class RepeatsRecords extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.REPEATS_RECORDS;
    }
  }

  static class AfterInclusive extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.AFTER_INCLUSIVE;
    }
  }

  static class CaseInsensitiveIds extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.CASE_INSENSITIVE_IDS;
    }
  }

  static class TruncatesIds extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.TRUNCATES_IDS;
    }
  }

  static class TruncatesToMicros extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.TRUNCATES_TO_MICROS;
    }
  }

  static class ForgetsManualTierAndReferrer extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.FORGETS_MANUAL_TIER_AND_REFERRER;
    }
  }

  static class CommitsInBatches extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.COMMITS_IN_BATCHES;
    }
  }

  static class DropsWritesPast256 extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.DROPS_WRITES_PAST_256;
    }
  }

  static class CapsReadsAt1000 extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.CAPS_READS_AT_1000;
    }
  }

  static class ReenqueueReplaces extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.REENQUEUE_REPLACES;
    }
  }

  static class LosesOutboxUpdates extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.LOSES_OUTBOX_UPDATES;
    }
  }

  static class CachesReads extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.CACHES_READS;
    }
  }

  static class PurgesEveryStatus extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.PURGES_EVERY_STATUS;
    }
  }

  static class PurgeIgnoresLimit extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.PURGE_IGNORES_LIMIT;
    }
  }

  static class PurgeLeavesGhosts extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.PURGE_LEAVES_GHOSTS;
    }
  }

  static class PurgeByCreatedAt extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.PURGE_BY_CREATED_AT;
    }
  }

  static class CountersLastWriterWins extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.COUNTERS_LAST_WRITER_WINS;
    }
  }

  static class CountersOutsideTheUnit extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.COUNTERS_OUTSIDE_THE_UNIT;
    }
  }

  static class CountersIgnoreTheName extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.COUNTERS_IGNORE_THE_NAME;
    }
  }

  static class CountersStartWithAShard extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.COUNTERS_START_WITH_A_SHARD;
    }
  }

  static class CountersAcceptMalformed extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.COUNTERS_ACCEPT_MALFORMED;
    }
  }

  static class EraseLeavesInteractionNotes extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_LEAVES_INTERACTION_NOTES;
    }
  }

  static class EraseLeavesOutboxTexts extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_LEAVES_OUTBOX_TEXTS;
    }
  }

  static class EraseLeavesActionVariables extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_LEAVES_ACTION_VARIABLES;
    }
  }

  static class EraseLeavesTaskAccommodations extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_LEAVES_TASK_ACCOMMODATIONS;
    }
  }

  static class EraseLeavesSegmentAttributes extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_LEAVES_SEGMENT_ATTRIBUTES;
    }
  }

  static class EraseKeepsDue extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_KEEPS_DUE;
    }
  }

  static class EraseDeletesJournal extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_DELETES_JOURNAL;
    }
  }

  static class EraseDeletesTheFile extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_DELETES_THE_FILE;
    }
  }

  static class EraseCreatesUnknown extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_CREATES_UNKNOWN;
    }
  }

  static class EraseScrubsEveryCustomer extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ERASE_SCRUBS_EVERY_CUSTOMER;
    }
  }

  static class LiesAboutLostReply extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.LIES_ABOUT_LOST_REPLY;
    }
  }

  static class SwallowsLostReply extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.SWALLOWS_LOST_REPLY;
    }
  }

  static class LeaksTransportErrors extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.LEAKS_TRANSPORT_ERRORS;
    }
  }

  static class LeasesPerInstance extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.LEASES_PER_INSTANCE;
    }
  }

  static class PositionsPerInstance extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.POSITIONS_PER_INSTANCE;
    }
  }

  static class NormalisesIds extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.NORMALISES_IDS;
    }
  }

  static class OrdersByUtf16 extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.ORDERS_BY_UTF16;
    }
  }

  /** Not broken: a cautious adapter that reports every fault of its connection as unknown. */
  static class ReportsEveryFaultAsUnknown extends CareStorageCompatibilityKit {
    @Override
    protected CareStorage newStorage() {
      return new UnsureStorage(new dev.care.storage.memory.InMemoryStorage(faults.inMemory()));
    }

    @Override
    protected CareStorage reopen(CareStorage existing) {
      return new UnsureStorage(existing);
    }
  }

  static class RecordMissesTasks extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.RECORD_MISSES_TASKS;
    }
  }

  static class QueueByDue extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.QUEUE_BY_DUE;
    }
  }

  static class QueueCursorInclusive extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.QUEUE_CURSOR_INCLUSIVE;
    }
  }

  static class QueueIgnoresStatus extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.QUEUE_IGNORES_STATUS;
    }
  }

  static class TaskUpdateUpserts extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.TASK_UPDATE_UPSERTS;
    }
  }

  static class QueueKeepsErased extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.QUEUE_KEEPS_ERASED;
    }
  }

  static class ServiceCountsEndInclusive extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.SERVICE_COUNTS_END_INCLUSIVE;
    }
  }

  static class BatchUpdateFirstWins extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.BATCH_UPDATE_FIRST_WINS;
    }
  }

  static class BatchUpdatePerMessage extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.BATCH_UPDATE_PER_MESSAGE;
    }
  }

  static class DeliveriesAtOnceInclusive extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.DELIVERIES_AT_ONCE_INCLUSIVE;
    }
  }

  static class CustomersAtOnceCapsAt100 extends Broken {
    @Override
    BrokenStorage.Flaw flaw() {
      return BrokenStorage.Flaw.CUSTOMERS_AT_ONCE_CAPS_AT_100;
    }
  }
}
