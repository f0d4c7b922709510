package dev.care.rules.engine;

import dev.care.core.consumption.ConsumptionHistory;
import dev.care.core.customer.Channel;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.ImportantDate;
import dev.care.core.customer.TierId;
import dev.care.core.ledger.Ledger;
import dev.care.core.lifecycle.LifecyclePolicy;
import dev.care.core.satisfaction.FactorCatalogue;
import dev.care.core.satisfaction.InteractionKind;
import dev.care.core.satisfaction.SatisfactionIndex;
import dev.care.core.satisfaction.SatisfactionIndexPolicy;
import dev.care.core.satisfaction.ServiceInteraction;
import dev.care.core.state.CareState;
import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.TierLevel;
import dev.care.rules.segment.Attribute;
import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import dev.care.rules.segment.SegmentEntered;
import dev.care.rules.segment.SegmentEvent;
import dev.care.rules.segment.SegmentExpression;
import dev.care.rules.segment.SegmentId;
import dev.care.rules.segment.SegmentSchema;
import dev.care.storage.CareStorage;
import dev.care.storage.CustomerChange;
import dev.care.storage.Versioned;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's segments current: owns a {@link SegmentEngine} and the customer id ↔ dense
 * index mapping. The only per-customer state an engine holds in memory.
 *
 * <p>Costs nothing until a segment is defined. Defining one (re)builds the segment engine: from the
 * attributes already held, or — the first time — from one streaming read of the stored care states,
 * each carrying its customer's attributes (the compact projection every command writes). After
 * that, {@link #apply} updates one customer after a command of this engine committed, {@link #sync}
 * applies what other instances committed (read from the storage's change feed), and {@link
 * #advanceTo} moves the time: it adds the pending points that became available by then (each
 * projection carries its customer's pending points and when they activate, so no unit of work is
 * needed for it) and revisits only customers on a moved date boundary.
 *
 * <p>Thread-safe: state changes under this object's lock; listeners are called after it is
 * released.
 */
final class SegmentTracker {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentTracker.class);
  static final String NO_TIER = "NONE";

  private final CareStorage storage;
  private final Function<CustomerId, Optional<Projection>> compute;
  private final LoyaltyProgram program;
  private final LifecyclePolicy lifecycle;
  private final SatisfactionIndexPolicy satisfaction;
  private final FactorCatalogue catalogue;
  private final List<CustomerSegmentListener> listeners;
  private final SegmentSchema schema;
  private final Map<SegmentId, SegmentDefinition> definitions = new LinkedHashMap<>();
  private final Map<CustomerId, Integer> indexOf = new HashMap<>();
  private final List<CustomerId> ids = new ArrayList<>();

  /** The stored version of each definition this tracker has placed, to spot another's changes. */
  private final Map<String, Long> definitionVersions = new HashMap<>();

  private Optional<SegmentEngine> engine = Optional.empty();
  private LocalDate today;

  /** The time segments are evaluated at: activations up to it are counted (forwards only). */
  private Instant time;

  /** Each placed customer's pending points not yet counted, by index (none: not in the map). */
  private final Map<Integer, List<Projection.Activation>> pending = new HashMap<>();

  /** The customers with pending points, by the instant their first ones activate. */
  private final java.util.NavigableSet<Due> activations = new java.util.TreeSet<>();

  /**
   * Indexes of erased customers: their row holds blank attributes, and no read or event names them
   * again.
   */
  private final RoaringBitmap forgotten = new RoaringBitmap();

  /** The state version each placed customer's attributes came from (0: unknown), by index. */
  private long[] versions = new long[0];

  /** Feed positions seen, with when: the cursor re-reads a safety window back (see sync). */
  private final java.util.ArrayDeque<long[]> seen = new java.util.ArrayDeque<>();

  private long cursor;
  private long newest;

  SegmentTracker(
      CareStorage storage,
      Function<CustomerId, Optional<Projection>> compute,
      LoyaltyProgram program,
      LifecyclePolicy lifecycle,
      SatisfactionIndexPolicy satisfaction,
      FactorCatalogue catalogue,
      List<CustomerSegmentListener> listeners,
      Instant now) {
    this.storage = storage;
    this.compute = compute;
    this.program = program;
    this.lifecycle = lifecycle;
    this.satisfaction = satisfaction;
    this.catalogue = catalogue;
    this.listeners = List.copyOf(listeners);
    this.schema = schemaOf(program);
    this.time = now;
    this.today = now.atZone(program.zone()).toLocalDate();
  }

  /** The tiers segments may name: {@code NONE} (no tier yet), then the program's levels. */
  static SegmentSchema schemaOf(LoyaltyProgram program) {
    List<String> tiers = new ArrayList<>();
    tiers.add(NO_TIER);
    for (TierLevel level : program.tiers().levels()) {
      if (!level.id().name().equals(NO_TIER)) {
        tiers.add(level.id().name());
      }
    }
    return new SegmentSchema(tiers);
  }

  SegmentSchema schema() {
    return schema;
  }

  /** The attributes the engine does not score (left at 0 in every projection). */
  private static final Set<Attribute> UNSCORED =
      EnumSet.of(Attribute.RFM_R, Attribute.RFM_F, Attribute.RFM_M, Attribute.P_ALIVE);

  /**
   * Checks a definition for this engine: its enumeration values against the schema, and that it
   * reads no attribute the engine leaves unscored (RFM scores and P(alive) are not fitted on
   * commands): such a segment would answer silently wrong (every weekly buyer has {@code pAlive <
   * 300}), so it is refused.
   *
   * @throws dev.care.rules.segment.InvalidSegmentException naming the segment and attribute
   */
  void validate(SegmentDefinition definition) {
    schema.validate(definition);
    refuseUnscored(definition.id().value(), definition.expression());
  }

  private static void refuseUnscored(String id, SegmentExpression e) {
    Attribute used = null;
    String value = "";
    if (e instanceof SegmentExpression.And a) {
      a.operands().forEach(o -> refuseUnscored(id, o));
    } else if (e instanceof SegmentExpression.Or o) {
      o.operands().forEach(x -> refuseUnscored(id, x));
    } else if (e instanceof SegmentExpression.Not n) {
      refuseUnscored(id, n.operand());
    } else if (e instanceof SegmentExpression.Compare c) {
      used = c.attribute();
      value = Long.toString(c.value());
    } else if (e instanceof SegmentExpression.Between b) {
      used = b.attribute();
      value = b.low() + ".." + b.high();
    } else if (e instanceof SegmentExpression.In in) {
      used = in.attribute();
      value = String.join(",", in.values());
    }
    if (used != null && UNSCORED.contains(used)) {
      throw new dev.care.rules.segment.InvalidSegmentException(
          id,
          used.textName(),
          value,
          "the engine does not score "
              + used.textName()
              + " (RFM and P(alive) come from the analytics over a customer file, not from"
              + " commands), so a segment on it would be wrong for every customer; segment on"
              + " recencyDays, frequency or monetary instead");
    }
  }

  /**
   * Adds or replaces a definition and rebuilds the segment engine (memberships are placed without
   * events; events follow later changes).
   */
  void define(SegmentDefinition definition, Instant asOf) {
    validate(definition);
    synchronized (this) {
      definitions.put(definition.id(), definition);
      rebuild(asOf);
    }
  }

  private void rebuild(Instant asOf) {
    List<CustomerAttributes> rows = new ArrayList<>(ids.size());
    if (engine.isPresent()) {
      SegmentEngine old = engine.get();
      for (int i = 0; i < old.size(); i++) {
        rows.add(old.attributes(i));
      }
    } else {
      cursor = storage.lastChangePosition();
      newest = cursor;
      Optional<CustomerId> after = Optional.empty();
      while (true) {
        List<Versioned<CareState>> page = storage.careStates(after, 1_000);
        if (page.isEmpty()) {
          break;
        }
        for (Versioned<CareState> v : page) {
          CustomerId id = v.value().customer();
          attributesOf(v.value())
              .ifPresent(
                  p -> {
                    indexOf.put(id, ids.size());
                    ids.add(id);
                    rows.add(p.attributesAt(time));
                    setVersion(ids.size() - 1, v.version());
                    follow(ids.size() - 1, p.activations());
                  });
        }
        after = Optional.of(page.get(page.size() - 1).value().customer());
      }
    }
    SegmentEngine fresh =
        SegmentEngine.builder(schema, today).parallelism(1).segments(definitions.values()).build();
    fresh.load(rows);
    engine.ifPresent(SegmentEngine::close);
    engine = Optional.of(fresh);
    LOG.debug("segments rebuilt: {} definitions over {} customers", definitions.size(), ids.size());
  }

  /** The stored projection, or (for a state written without one) the projection computed now. */
  private Optional<Projection> attributesOf(CareState state) {
    Optional<Projection> stored = AttributesCodec.decode(state.attributes());
    return stored.isPresent() ? stored : compute.apply(state.customer());
  }

  /**
   * Places a customer's new attributes after a command of this engine committed, and publishes the
   * membership changes.
   */
  void apply(CustomerId id, Projection projection, long version) {
    List<CustomerSegmentEvent> events;
    synchronized (this) {
      if (engine.isEmpty()) {
        return;
      }
      events = resolve(place(id, projection, version));
    }
    publish(events);
  }

  /**
   * Places a projection read at a state version, with its points activated by the tracker's time;
   * an older version than the one held is ignored.
   */
  private List<SegmentEvent> place(CustomerId id, Projection projection, long version) {
    CustomerAttributes attributes = projection.attributesAt(time);
    Integer index = indexOf.get(id);
    if (index == null) {
      SegmentEngine.Added added = engine.get().add(attributes);
      indexOf.put(id, added.customer());
      ids.add(id);
      setVersion(added.customer(), version);
      follow(added.customer(), projection.activations());
      return added.events();
    }
    if (version < versions[index] || forgotten.contains(index)) {
      return List.of();
    }
    setVersion(index, version);
    follow(index, projection.activations());
    if (engine.get().attributes(index).equals(attributes)) {
      return List.of();
    }
    return engine.get().update(index, attributes);
  }

  /** Forgets a customer's pending points. */
  private void unfollow(int index) {
    List<Projection.Activation> before = pending.remove(index);
    if (before != null) {
      activations.remove(new Due(before.get(0).at(), index));
    }
  }

  /** Replaces a customer's pending points with those of a list still to come after the time. */
  private void follow(int index, List<Projection.Activation> all) {
    int k = 0;
    while (k < all.size() && !all.get(k).at().isAfter(time)) {
      k++;
    }
    List<Projection.Activation> later = all.subList(k, all.size());
    List<Projection.Activation> before = pending.get(index);
    // most units leave the pending points as they were
    if (later.isEmpty() ? before == null : later.equals(before)) {
      return;
    }
    unfollow(index);
    if (!later.isEmpty()) {
      pending.put(index, List.copyOf(later));
      activations.add(new Due(later.get(0).at(), index));
    }
  }

  /** A customer's first pending points, by when they activate (then by index). */
  private record Due(Instant at, int index) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Integer.compare(index, o.index);
    }
  }

  /**
   * Counts the pending points that became available by the tracker's time: each customer's row
   * gains them, the rest stay pending.
   */
  private List<SegmentEvent> activate() {
    List<SegmentEvent> events = new ArrayList<>();
    SegmentEngine e = engine.get();
    while (!activations.isEmpty() && !activations.first().at().isAfter(time)) {
      int index = activations.first().index();
      List<Projection.Activation> all = pending.get(index);
      CustomerAttributes now = new Projection(e.attributes(index), all).attributesAt(time);
      follow(index, all);
      events.addAll(e.update(index, now));
    }
    return events;
  }

  private void setVersion(int index, long version) {
    if (index >= versions.length) {
      versions = java.util.Arrays.copyOf(versions, Math.max(index + 1, versions.length * 2 + 16));
    }
    versions[index] = Math.max(versions[index], version);
  }

  /** How far back (in time) the feed is re-read: longer than any unit of work takes to commit. */
  static final long FEED_WINDOW_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

  /**
   * Applies the changes other instances (or this one) committed since the last sync, from the
   * storage's change feed: a customer whose stored state is newer than the one their held
   * attributes came from is read and updated. A store's feed positions may become visible slightly
   * out of commit order (a position taken from a sequence before the commit), so the feed is read
   * again from the newest position seen {@link #FEED_WINDOW_NANOS} ago; changes already applied are
   * skipped by their version without a read.
   */
  void sync() {
    List<CustomerSegmentEvent> events = new ArrayList<>();
    synchronized (this) {
      syncDefinitions();
      if (engine.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      while (!seen.isEmpty() && now - seen.peekFirst()[0] >= FEED_WINDOW_NANOS) {
        cursor = Math.max(cursor, seen.pollFirst()[1]);
      }
      long from = cursor;
      for (int pages = 0; pages < 100_000; pages++) {
        List<CustomerChange> changes = storage.changes(from, 1_000);
        for (CustomerChange c : changes) {
          Integer index = indexOf.get(c.customer());
          if (index == null || versions[index] < c.version()) {
            storage
                .careState(c.customer())
                .ifPresent(
                    v ->
                        attributesOf(v.value())
                            .ifPresentOrElse(
                                p -> events.addAll(resolve(place(c.customer(), p, v.version()))),
                                () -> events.addAll(forgetHeld(c.customer()))));
          }
          from = Math.max(from, c.position());
        }
        if (changes.size() < 1_000) {
          break;
        }
      }
      if (from > newest) {
        newest = from;
        seen.addLast(new long[] {now, from});
      }
    }
    publish(events);
  }

  /**
   * Places the segment definitions stored since this tracker last looked — defined or redefined by
   * another engine instance — so every instance answers for every stored segment. A stored
   * definition equal to the one placed is only remembered; one the program no longer fits is
   * skipped (as when an engine starts).
   */
  private void syncDefinitions() {
    for (Map.Entry<String, Versioned<String>> d : storage.segmentDefinitions().entrySet()) {
      Long known = definitionVersions.get(d.getKey());
      if (known != null && known >= d.getValue().version()) {
        continue;
      }
      definitionVersions.put(d.getKey(), d.getValue().version());
      try {
        SegmentDefinition stored =
            SegmentDefinition.parse(d.getKey(), d.getKey(), d.getValue().value());
        if (!stored.equals(definitions.get(stored.id()))) {
          define(stored, today.atStartOfDay(program.zone()).toInstant());
        }
      } catch (RuntimeException invalid) {
        LOG.warn("stored segment {} is skipped: {}", d.getKey(), invalid.getMessage());
      }
    }
  }

  /**
   * Moves the time segments are evaluated at (forwards only): the pending points that became
   * available by then are counted, and on a new date the date-relative attributes move.
   */
  void advanceTo(Instant until) {
    List<CustomerSegmentEvent> events = new ArrayList<>();
    synchronized (this) {
      if (!until.isAfter(time)) {
        return;
      }
      time = until;
      LocalDate date = until.atZone(program.zone()).toLocalDate();
      if (engine.isPresent()) {
        events.addAll(resolve(activate()));
      }
      if (date.isAfter(today)) {
        today = date;
        if (engine.isPresent()) {
          events.addAll(resolve(engine.get().advanceTo(date)));
        }
      }
    }
    publish(events);
  }

  synchronized LocalDate today() {
    return today;
  }

  synchronized Map<SegmentId, SegmentDefinition> definitions() {
    return Map.copyOf(definitions);
  }

  /**
   * Forgets an erased customer's attributes: the segments they were in report them as exited, their
   * row is overwritten with blank attributes, and no member list, count or later event names them.
   * A customer this tracker never placed is simply not placed later (an erased state carries no
   * projection).
   */
  void forget(CustomerId id) {
    List<CustomerSegmentEvent> events;
    synchronized (this) {
      if (engine.isEmpty()) {
        return;
      }
      events = forgetHeld(id);
    }
    publish(events);
  }

  private List<CustomerSegmentEvent> forgetHeld(CustomerId id) {
    Integer index = indexOf.get(id);
    if (index == null || forgotten.contains(index)) {
      return List.of();
    }
    SegmentEngine e = engine.get();
    List<CustomerSegmentEvent> exited = new ArrayList<>();
    for (SegmentId segment : definitions.keySet()) {
      if (e.contains(segment, index)) {
        exited.add(
            new CustomerSegmentEvent(segment, id, CustomerSegmentEvent.Change.EXITED, today));
      }
    }
    forgotten.add(index);
    unfollow(index);
    e.update(index, CustomerAttributes.builder().build());
    return exited;
  }

  /** The members, in the order the tracker first saw them. */
  synchronized List<CustomerId> members(SegmentId segment) {
    RoaringBitmap m = RoaringBitmap.andNot(engineFor(segment).members(segment), forgotten);
    List<CustomerId> out = new ArrayList<>(m.getCardinality());
    m.forEach((int i) -> out.add(ids.get(i)));
    return out;
  }

  synchronized int count(SegmentId segment) {
    if (forgotten.isEmpty()) {
      return engineFor(segment).count(segment);
    }
    return RoaringBitmap.andNotCardinality(engineFor(segment).members(segment), forgotten);
  }

  private SegmentEngine engineFor(SegmentId segment) {
    if (!definitions.containsKey(segment)) {
      throw new IllegalArgumentException(
          "unknown segment '" + segment + "'; defined: " + definitions.keySet());
    }
    return engine.orElseThrow();
  }

  private List<CustomerSegmentEvent> resolve(List<SegmentEvent> raw) {
    if (raw.isEmpty()) {
      return List.of();
    }
    List<CustomerSegmentEvent> out = new ArrayList<>(raw.size());
    for (SegmentEvent e : raw) {
      if (forgotten.contains(e.customer())) {
        continue;
      }
      out.add(
          new CustomerSegmentEvent(
              e.segment(),
              ids.get(e.customer()),
              e instanceof SegmentEntered
                  ? CustomerSegmentEvent.Change.ENTERED
                  : CustomerSegmentEvent.Change.EXITED,
              e.asOf()));
    }
    return out;
  }

  private void publish(List<CustomerSegmentEvent> events) {
    for (CustomerSegmentEvent e : events) {
      for (CustomerSegmentListener l : listeners) {
        try {
          l.onSegmentEvent(e);
        } catch (RuntimeException failure) {
          LOG.warn("segment listener {} failed on {}: {}", l, e, failure.toString());
          LOG.debug("segment listener failure", failure);
        }
      }
    }
  }

  /**
   * A customer's segment projection as of an instant: what the segment language reads about them,
   * with the points available then, and the pending points of their ledger with when they activate
   * (none for an erased customer).
   */
  Projection projection(
      Customer c,
      ConsumptionHistory history,
      List<ServiceInteraction> interactions,
      Ledger ledger,
      Instant asOf) {
    CustomerAttributes a =
        attributes(c, history, interactions, ledger.points(c.id()).available(), asOf);
    return c.isErased() ? Projection.of(a) : Projection.of(a, ledger, c.id());
  }

  /**
   * What the segment language reads about a customer, as of an instant. RFM scores and P(alive) are
   * left at 0 (not scored): the engine does not fit models on commands.
   */
  private CustomerAttributes attributes(
      Customer c,
      ConsumptionHistory history,
      List<ServiceInteraction> interactions,
      long pointsAvailable,
      Instant asOf) {
    int openComplaints =
        (int)
            Math.min(
                Short.MAX_VALUE,
                interactions.stream()
                    .filter(i -> i.isOpen() && i.kind() == InteractionKind.COMPLAINT)
                    .count());
    int index =
        (int)
            Math.round(
                satisfaction
                    .compute(interactions, catalogue, asOf)
                    .orElse(SatisfactionIndex.NEUTRAL)
                    .value());
    Set<Channel> consents = EnumSet.noneOf(Channel.class);
    for (Channel ch : Channel.values()) {
      if (c.profile().consent().permits(ch)) {
        consents.add(ch);
      }
    }
    long points =
        Math.max(
            -CustomerAttributes.MAX_AMOUNT,
            Math.min(CustomerAttributes.MAX_AMOUNT, pointsAvailable));
    CustomerAttributes.Builder b =
        CustomerAttributes.builder()
            .enrolled(c.registeredAt().atZone(program.zone()).toLocalDate())
            .frequency(history.frequency(asOf))
            .monetary(
                Math.min(
                    CustomerAttributes.MAX_AMOUNT,
                    Math.max(0, history.monetary(asOf).minorUnits())))
            .pointsBalance(points)
            .satisfactionIndex(index)
            .openComplaints(openComplaints)
            .tier(
                c.tier().map(TierId::name).filter(t -> schema.tiers().contains(t)).orElse(NO_TIER))
            .lifecycleStage(lifecycle.infer(history, asOf).stage())
            .customerType(c.type())
            .tags(
                c.tags().stream()
                    .filter(t -> SegmentExpression.NAME.matcher(t).matches())
                    .collect(Collectors.toSet()))
            .consents(consents);
    history
        .lastPurchaseAt(asOf)
        .ifPresent(t -> b.lastPurchase(t.atZone(program.zone()).toLocalDate()));
    c.birthday().map(ImportantDate::monthDay).ifPresent(b::birthday);
    return b.build();
  }
}
