package dev.care.it;

import dev.care.core.care.CareAction;
import dev.care.core.care.CareTask;
import dev.care.core.consumption.ConsumptionRecord;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.PointsBalance;
import dev.care.core.ledger.Transaction;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.core.voucher.Voucher;
import dev.care.core.wallet.WalletBalance;
import dev.care.rules.engine.CareEngine;
import dev.care.storage.CareStorage;
import dev.care.storage.Versioned;
import dev.care.storage.outbox.DeliveryStatus;
import dev.care.storage.outbox.OutboxMessage;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a run leaves that L31/L32 say must not depend on restarts or instances: what each step
 * returned, the whole outbox (ids, types, attributes, statuses), and per customer the file (tier),
 * care state, care actions, tasks, journal, consumption, interactions, vouchers, and what the
 * engine reports (points, wallet, tier, stage); and the members of every segment.
 */
record Observed(
    List<String> results,
    SortedMap<String, OutboxMessage> outbox,
    SortedMap<CustomerId, CustomerView> customers,
    SortedMap<String, List<CustomerId>> segments) {

  /** One customer, as stored and as the engine reports them. */
  record CustomerView(
      Customer file,
      Optional<Versioned<CareState>> state,
      List<CareAction> actions,
      List<CareTask> tasks,
      List<Transaction> journal,
      List<ConsumptionRecord> consumption,
      List<ServiceInteraction> interactions,
      List<Voucher> vouchers,
      PointsBalance points,
      WalletBalance wallet,
      Optional<TierId> tier,
      LifecycleStage stage) {}

  static Observed of(
      CareStorage storage, CareEngine engine, List<CustomerId> customers, List<String> results) {
    SortedMap<String, OutboxMessage> outbox = new TreeMap<>();
    for (DeliveryStatus status : DeliveryStatus.values()) {
      for (OutboxMessage m : storage.messages(status)) {
        outbox.put(m.id(), m);
      }
    }
    SortedMap<CustomerId, CustomerView> views = new TreeMap<>();
    for (CustomerId id : storage.customerIds(Optional.empty(), Integer.MAX_VALUE)) {
      views.put(
          id,
          new CustomerView(
              storage.customer(id).orElseThrow().value(),
              storage.careState(id),
              storage.careActions(id),
              storage.careTasks(id),
              storage.journal(id, 0, Integer.MAX_VALUE),
              storage.consumption(id),
              storage.interactions(id),
              storage.vouchers(id),
              engine.points(id),
              engine.wallet(id),
              engine.tier(id),
              engine.stage(id)));
    }
    SortedMap<String, List<CustomerId>> segments = new TreeMap<>();
    for (String segment : new TreeSet<>(storage.segmentDefinitions().keySet())) {
      segments.put(segment, engine.segmentMembers(segment).stream().sorted().toList());
    }
    if (!views.keySet().equals(new TreeSet<>(customers))) {
      throw new AssertionError(
          "the store holds customers " + views.keySet() + ", the scenario registered " + customers);
    }
    return new Observed(List.copyOf(results), outbox, views, segments);
  }

  /**
   * Where two observations differ, as paths with both values (at most {@code limit}): records are
   * compared component by component, lists element by element, maps key by key.
   */
  static List<String> differences(Observed expected, Observed actual, int limit) {
    List<String> out = new ArrayList<>();
    diff("", expected, actual, out, limit);
    return out;
  }

  private static void diff(String path, Object a, Object b, List<String> out, int limit) {
    if (out.size() >= limit || Objects.equals(a, b)) {
      return;
    }
    if (a == null || b == null || a.getClass() != b.getClass()) {
      out.add(path + ": expected " + a + " but was " + b);
      return;
    }
    if (a instanceof Record) {
      for (RecordComponent c : a.getClass().getRecordComponents()) {
        try {
          diff(
              path + "." + c.getName(),
              c.getAccessor().invoke(a),
              c.getAccessor().invoke(b),
              out,
              limit);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return;
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
        diff(path + "[" + i + "]", la.get(i), lb.get(i), out, limit);
      }
      if (la.size() != lb.size()) {
        out.add(
            path
                + ": expected "
                + la.size()
                + " elements but was "
                + lb.size()
                + (la.size() > lb.size()
                    ? ", missing from " + la.get(lb.size())
                    : ", extra from " + lb.get(la.size())));
      }
      return;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey())) {
          out.add(path + "[" + e.getKey() + "]: missing, expected " + e.getValue());
        } else {
          diff(path + "[" + e.getKey() + "]", e.getValue(), mb.get(e.getKey()), out, limit);
        }
        if (out.size() >= limit) {
          return;
        }
      }
      for (Map.Entry<?, ?> e : mb.entrySet()) {
        if (!ma.containsKey(e.getKey()) && out.size() < limit) {
          out.add(path + "[" + e.getKey() + "]: unexpected " + e.getValue());
        }
      }
      return;
    }
    out.add(path + ": expected " + a + " but was " + b);
  }
}
