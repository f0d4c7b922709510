package dev.care.storage.tck;

import dev.care.storage.CareStorage;

/**
 * The kit bound to each broken adapter. Not named *Test: surefire must not run these directly (they
 * are meant to fail); {@link BrokenAdaptersTest} runs them and checks that they do.
 */
final class BrokenAdapterKitRuns {
  private BrokenAdapterKitRuns() {}

  static class LosesUpdates extends CareStorageCompatibilityKit {
    @Override
    protected CareStorage newStorage() {
      return new BrokenStorage(BrokenStorage.Flaw.LOSES_UPDATES);
    }
  }

  static class IgnoresIdempotency extends CareStorageCompatibilityKit {
    @Override
    protected CareStorage newStorage() {
      return new BrokenStorage(BrokenStorage.Flaw.IGNORES_IDEMPOTENCY);
    }
  }

  static class HalfCommit extends CareStorageCompatibilityKit {
    @Override
    protected CareStorage newStorage() {
      return new BrokenStorage(BrokenStorage.Flaw.HALF_COMMIT);
    }
  }

  static class DropsOutbox extends CareStorageCompatibilityKit {
    @Override
    protected CareStorage newStorage() {
      return new BrokenStorage(BrokenStorage.Flaw.DROPS_OUTBOX);
    }
  }
}
