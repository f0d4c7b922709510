package dev.care.storage.jdbc;

import dev.care.storage.CareStorage;
import dev.care.storage.tck.CareStorageCompatibilityKit;

/**
 * The whole conformance kit on a real PostgreSQL, each test in a fresh schema: the adapter's
 * connections go through the kit's fault plan; a second instance is a new adapter over the schema.
 */
class PostgresStorageTckIT extends CareStorageCompatibilityKit {
  @Override
  protected CareStorage newStorage() {
    return PostgresStorage.builder(faults.dataSource(TestDatabase.dataSource()))
        .schema(TestDatabase.freshSchema())
        .build();
  }

  @Override
  protected CareStorage reopen(CareStorage existing) {
    PostgresStorage old = (PostgresStorage) existing;
    return PostgresStorage.builder(TestDatabase.dataSource())
        .schema(old.schema())
        .tablePrefix(old.tablePrefix())
        .build();
  }
}
