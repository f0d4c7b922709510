package dev.care.storage.jdbc;

import dev.care.storage.CareStorage;
import dev.care.storage.tck.CareStorageCompatibilityKit;

/** The whole conformance kit on a real PostgreSQL, each test in a fresh schema. */
class PostgresStorageTckIT extends CareStorageCompatibilityKit {
  @Override
  protected CareStorage newStorage() {
    return PostgresStorage.builder(TestDatabase.dataSource())
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
