package dev.care.it;

import dev.care.storage.CareStorage;

/**
 * Where a test's data lives: one fresh, empty store per test, and the ways an application reaches
 * it again — after a restart, or from a second instance.
 */
interface StorageFixture extends AutoCloseable {
  /**
   * The test's store, empty when first asked for.
   *
   * @return the store
   */
  CareStorage storage();

  /**
   * The same data as a restarted application would reach it: for a database, a new adapter over the
   * same schema; in memory, the same store (it is the data).
   *
   * @return the store after a restart
   */
  CareStorage reopen();

  /**
   * The same data as a second application instance reaches it (its own adapter and pool).
   *
   * @return another instance's store
   */
  CareStorage secondInstance();

  @Override
  void close();
}
