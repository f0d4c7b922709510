package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.care.core.care.CareAction;
import dev.care.core.care.CareActionKind;
import dev.care.core.care.CareTask;
import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.care.TaskStatus;
import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerId;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.time.ManualClock;
import dev.care.storage.ServiceCount;
import dev.care.storage.jdbc.internal.Migrations;
import dev.care.storage.jdbc.internal.RecordCodec;
import dev.care.storage.jdbc.internal.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a V6 database that holds staff tasks and care actions: the rows are written in the V6
 * form (task documents without a status), then V7 runs and the tasks read back open (or assigned
 * when they named an assignee), in the queue's order, and the service counts see the actions.
 */
class V7MigrationIT {
  private static final Instant AT = Instant.parse("2026-11-02T09:30:00.123456Z");
  private final RecordCodec codec = new RecordCodec();

  private CareTask task(String customer, String key, Priority p, int hours, Optional<String> who) {
    return new CareTask(
        key,
        CustomerId.of(customer),
        TaskKind.RETURN_VISIT,
        "visit " + key,
        AT.plusSeconds(3600L * hours),
        p,
        ServiceLevel.VALUE_ADDED,
        who,
        Optional.empty(),
        List.of());
  }

  /** The document as V6 wrote it: the record without the fields V7 added. */
  private String v6(CareTask t) {
    ObjectNode doc = (ObjectNode) codec.tree(codec.write(t, CareTask.class));
    doc.remove(List.of("status", "resolution", "escalatedAt"));
    return doc.toString();
  }

  @Test
  @DisplayName("V6 tasks and actions migrate: tasks open (or assigned), queued in order, counted")
  void v6_tasks_survive_the_upgrade() throws Exception {
    DataSource db = TestDatabase.dataSource();
    Tables tables = new Tables(TestDatabase.freshSchema(), "");
    ManualClock clock = ManualClock.at(AT);
    Migrations.configure(db, tables, clock).target("6").load().migrate();

    List<CareTask> tasks =
        List.of(
            task("c-1", "return-visit:c-1:a", Priority.NORMAL, 2, Optional.empty()),
            task("c-2", "return-visit:c-2:a", Priority.URGENT, 5, Optional.empty()),
            task("c-1", "win-back-call:c-1:b", Priority.HIGH, 1, Optional.of("ana")),
            task("c-3", "return-visit:c-3:a", Priority.NORMAL, 2, Optional.empty()));
    CareAction action =
        new CareAction(
            "birthday:c-1:2026",
            CustomerId.of("c-1"),
            CareActionKind.BIRTHDAY_GREETING,
            Channel.EMAIL,
            "birthday",
            Map.of("firstName", "Ann"),
            AT,
            Priority.NORMAL,
            ServiceLevel.UNFORGETTABLE);
    try (Connection c = db.getConnection();
        PreparedStatement task =
            c.prepareStatement(
                "INSERT INTO "
                    + tables.table("care_task")
                    + " (idempotency_key, customer_id, doc) VALUES (?, ?, ?::jsonb)");
        PreparedStatement act =
            c.prepareStatement(
                "INSERT INTO "
                    + tables.table("care_action")
                    + " (idempotency_key, customer_id, doc) VALUES (?, ?, ?::jsonb)")) {
      for (CareTask t : tasks) {
        task.setString(1, t.idempotencyKey());
        task.setString(2, t.customerId().value());
        task.setString(3, v6(t));
        task.executeUpdate();
      }
      act.setString(1, action.idempotencyKey());
      act.setString(2, action.customerId().value());
      act.setString(3, codec.write(action, CareAction.class));
      act.executeUpdate();
    }

    Migrations.configure(db, tables, clock).load().migrate();
    PostgresStorage storage =
        PostgresStorage.builder(db).schema(tables.schema()).migrate(false).build();

    assertThat(storage.careTasks(CustomerId.of("c-1"))).containsExactly(tasks.get(0), tasks.get(2));
    assertThat(tasks.get(2).status()).isEqualTo(TaskStatus.ASSIGNED);
    assertThat(
            storage.tasks(EnumSet.of(TaskStatus.OPEN, TaskStatus.ASSIGNED), Optional.empty(), 10))
        .containsExactly(tasks.get(1), tasks.get(2), tasks.get(0), tasks.get(3));
    assertThat(storage.tasks(EnumSet.of(TaskStatus.OPEN), Optional.empty(), 10))
        .containsExactly(tasks.get(1), tasks.get(0), tasks.get(3));
    assertThat(storage.serviceCounts(AT, AT.plusSeconds(3 * 3600)))
        .containsExactlyInAnyOrder(
            new ServiceCount(ServiceCount.Work.ACTION, "birthday", ServiceLevel.UNFORGETTABLE, 1),
            new ServiceCount(ServiceCount.Work.TASK, "return-visit", ServiceLevel.VALUE_ADDED, 2),
            new ServiceCount(ServiceCount.Work.TASK, "win-back-call", ServiceLevel.VALUE_ADDED, 1));
  }
}
