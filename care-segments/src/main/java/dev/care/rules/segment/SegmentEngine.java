package dev.care.rules.segment;

import dev.care.rules.segment.internal.BitmapEvaluator;
import dev.care.rules.segment.internal.Columns;
import dev.care.rules.segment.internal.DateBoundaries;
import dev.care.rules.segment.internal.Memberships;
import dev.care.rules.segment.internal.Program;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates segment definitions over a columnar customer store and keeps their memberships current.
 *
 * <ul>
 *   <li><b>Columns.</b> Customers are dense indices {@code 0..size()-1}. Full evaluation reads the
 *       attributes column by column: a bit-sliced index per numeric, date and enumeration
 *       attribute, a bitset per consent channel, a RoaringBitmap per tag. Updates read them row by
 *       row: all attributes of a customer packed into six longs (tag word included), plus a
 *       membership word (one long per 64 segments) beside the segment bitmaps: about 57 bytes per
 *       customer for up to 64 segments, see {@link #columnBytesPerCustomer(int)}.
 *   <li><b>Full evaluation</b> ({@link #evaluateAll()}) compiles every definition once into
 *       distinct leaf predicates, scans each leaf once per 65,536-customer chunk into a word bitset
 *       (shared by every segment using it), folds each segment with word-wise and/or/not and builds
 *       its RoaringBitmap; chunks run on {@code parallelism} threads.
 *   <li><b>Incremental.</b> {@link #update(int, CustomerAttributes)} re-evaluates, for that one
 *       customer, only the segments reading a changed attribute, checks them against its membership
 *       word, and returns (and publishes) {@link SegmentEntered} / {@link SegmentExited} events. A
 *       changed membership updates the word and the segment's exact member count at once and is
 *       queued for the segment bitmap; a segment's queue is applied as one sorted batch when it
 *       reaches 4,096 changes (inside the update that fills it) or when a query first needs that
 *       bitmap, so queries always see every write made before them. {@link #advanceTo(LocalDate)}
 *       moves today and revisits only customers whose dates sit on a moved boundary (or, when they
 *       are many, evaluates the date-relative segments in full).
 *   <li><b>Thread safety.</b> A read-write lock: every query runs under the read lock and sees a
 *       state between two writes (bitmaps returned are copies); writes are serialised. Several
 *       queries may run at once; the first one to need a segment bitmap with queued changes applies
 *       them while the others wait for that segment. Listeners are called after the write lock is
 *       released, on the writing thread.
 * </ul>
 */
public final class SegmentEngine implements AutoCloseable {

  private final SegmentSchema schema;
  private final List<SegmentDefinition> definitions;
  private final Map<SegmentId, Integer> indexOf;
  private final long[][] segmentsReading;
  private final List<SegmentListener> listeners;
  private final Optional<ForkJoinPool> pool;
  private final Columns columns;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Memberships members;
  private Program program;
  private long[] scratch = new long[0];
  private SegmentEvent[] eventBuffer = new SegmentEvent[8];
  private LocalDate today;

  private SegmentEngine(Builder b) {
    this.schema = b.schema;
    this.definitions = List.copyOf(b.definitions.values());
    this.indexOf = new HashMap<>();
    for (int i = 0; i < definitions.size(); i++) {
      indexOf.put(definitions.get(i).id(), i);
    }
    this.listeners = List.copyOf(b.listeners);
    this.pool = b.parallelism > 1 ? Optional.of(new ForkJoinPool(b.parallelism)) : Optional.empty();
    this.columns = new Columns(schema);
    this.today = b.today;
    this.program = Program.compile(definitions, schema, columns, today);
    this.members = new Memberships(definitions.size());
    this.segmentsReading = new long[Attribute.values().length][members.stride()];
    for (Attribute a : Attribute.values()) {
      for (int i = 0; i < definitions.size(); i++) {
        if ((program.reads(i) & (1L << a.ordinal())) != 0) {
          segmentsReading[a.ordinal()][i >>> 6] |= 1L << i;
        }
      }
    }
  }

  /**
   * Starts a builder.
   *
   * @param schema declares the enumeration values
   * @param today the date days-since and birthday conditions are relative to
   * @return the builder
   */
  public static Builder builder(SegmentSchema schema, LocalDate today) {
    return new Builder(schema, today);
  }

  /**
   * Bytes per customer taken by the packed attribute rows (48 bytes, tag word included), the
   * consent bitsets and the row-major membership words (8 bytes per 64 segments, see {@link
   * #update}); the tag and segment bitmaps, the date buckets and the bit-sliced indexes are not
   * included.
   *
   * @param segments number of segments defined
   * @return bytes per customer
   */
  public static double columnBytesPerCustomer(int segments) {
    if (segments < 1) {
      throw new IllegalArgumentException("segments must be 1 or more, got " + segments);
    }
    return Columns.BYTES_PER_CUSTOMER + 8.0 * ((segments + 63) / 64);
  }

  /**
   * Bytes per customer taken by the packed attribute rows, the consent bitsets and one membership
   * word (up to 64 segments), as {@link #columnBytesPerCustomer(int)} for 64 segments.
   *
   * @return bytes per customer
   */
  public static double columnBytesPerCustomer() {
    return columnBytesPerCustomer(64);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Appends many customers without events, then re-evaluates every segment.
   *
   * @param customers the customers; they get consecutive indices from {@link #size()}
   */
  public void load(Collection<CustomerAttributes> customers) {
    lock.writeLock().lock();
    try {
      columns.ensureCapacity(columns.size() + customers.size());
      for (CustomerAttributes c : customers) {
        columns.append(Objects.requireNonNull(c, "customer"));
      }
      members.ensureCapacity(columns.size());
      replaceAll(BitmapEvaluator.evaluate(program, columns, allSegments(), pool));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Appends one customer and places it in its segments.
   *
   * @param customer the attributes
   * @return the customer's index, and the segments it entered
   */
  public Added add(CustomerAttributes customer) {
    Objects.requireNonNull(customer, "customer");
    List<SegmentEvent> events;
    int i;
    lock.writeLock().lock();
    try {
      i = columns.append(customer);
      members.ensureCapacity(columns.size());
      int n = 0;
      for (int k = 0; k < members.stride(); k++) {
        // every segment of word k: the last word covers only the segments left
        int inWord = Math.min(64, definitions.size() - (k << 6));
        long all = inWord == 64 ? -1L : (1L << inWord) - 1;
        n = retest(program, i, k, all, members.word(i, k), today, n);
      }
      events = immutableEvents(n);
    } finally {
      lock.writeLock().unlock();
    }
    publish(events);
    return new Added(i, events);
  }

  /**
   * The result of {@link #add(CustomerAttributes)}.
   *
   * @param customer the new index
   * @param events the segments entered
   */
  public record Added(int customer, List<SegmentEvent> events) {
    /** Copies. */
    public Added {
      events = List.copyOf(events);
    }
  }

  /**
   * Replaces a customer's attributes and brings the segments reading a changed attribute up to date
   * for that customer: a row evaluation per such segment, no scan. The customer's memberships are
   * read from and written to its row-major membership word (8 bytes per customer per 64 segments,
   * counted in {@link #columnBytesPerCustomer(int)}); a changed membership is queued for its
   * segment bitmap and applied in a sorted batch with others (see the class comment), so most
   * updates touch no bitmap at all.
   *
   * @param customer the index
   * @param attributes the new values
   * @return the membership changes in definition order, immutable; also published to the listeners
   */
  public List<SegmentEvent> update(int customer, CustomerAttributes attributes) {
    Objects.requireNonNull(attributes, "attributes");
    List<SegmentEvent> events;
    lock.writeLock().lock();
    try {
      checkIndex(customer);
      // load the membership word before comparing the row: the two cache misses then overlap
      long first = members.word(customer, 0);
      long changed = columns.update(customer, attributes);
      if (changed == 0) {
        return List.of();
      }
      int n = 0;
      for (int k = 0; k < members.stride(); k++) {
        long affected = 0;
        for (long m = changed; m != 0; m &= m - 1) {
          affected |= segmentsReading[Long.numberOfTrailingZeros(m)][k];
        }
        if (affected == 0) {
          continue;
        }
        long was = k == 0 ? first : members.word(customer, k);
        n = retest(program, customer, k, affected, was, today, n);
      }
      events = immutableEvents(n);
    } finally {
      lock.writeLock().unlock();
    }
    publish(events);
    return events;
  }

  /**
   * Re-tests a customer on some segments of membership word {@code k}, stores the memberships and
   * appends an event per change to the event buffer. The one row re-evaluation of {@link #add},
   * {@link #update} and {@link #advanceTo}.
   *
   * @param p the program to test with
   * @param row the customer
   * @param k the membership word
   * @param segments the segments of word {@code k} to re-test
   * @param was the customer's membership word {@code k}
   * @param day the date the events carry
   * @param n events already in the buffer
   * @return events in the buffer now
   */
  private int retest(Program p, int row, int k, long segments, long was, LocalDate day, int n) {
    if (scratch.length < p.scratchWords()) {
      scratch = new long[p.scratchWords()];
    }
    long now = (was & ~segments) | p.testAll(k, segments, columns, row, scratch);
    long flipped = members.setWord(row, k, now);
    if (n + Long.bitCount(flipped) > eventBuffer.length) {
      eventBuffer = Arrays.copyOf(eventBuffer, Math.max(definitions.size(), 64));
    }
    int base = k << 6;
    for (long m = flipped; m != 0; m &= m - 1) {
      int b = Long.numberOfTrailingZeros(m);
      SegmentId id = definitions.get(base + b).id();
      eventBuffer[n++] =
          ((now >>> b) & 1L) != 0
              ? new SegmentEntered(id, row, day)
              : new SegmentExited(id, row, day);
    }
    return n;
  }

  /** The first {@code n} events of the buffer as an immutable list; the buffer is cleared. */
  private List<SegmentEvent> immutableEvents(int n) {
    SegmentEvent[] b = eventBuffer;
    List<SegmentEvent> events =
        switch (n) {
          case 0 -> List.of();
          case 1 -> List.of(b[0]);
          case 2 -> List.of(b[0], b[1]);
          default -> List.of(Arrays.copyOf(b, n));
        };
    Arrays.fill(b, 0, n, null);
    return events;
  }

  /**
   * Moves today (forwards or backwards) and updates the date-relative segments ({@code
   * recencyDays}, {@code tenureDays}, {@code birthdayWithin}). Only customers whose stored date
   * lies between the old and new position of a condition's boundary are re-evaluated; when that set
   * is large (more than 1/64 of the customers: a big jump, or many date conditions), the
   * date-relative segments are re-evaluated in full and compared, which is then cheaper.
   *
   * @param newToday the new date
   * @return the membership changes, also published to the listeners
   */
  public List<SegmentEvent> advanceTo(LocalDate newToday) {
    Objects.requireNonNull(newToday, "newToday");
    List<SegmentEvent> events = new ArrayList<>();
    lock.writeLock().lock();
    try {
      if (newToday.equals(today)) {
        return List.of();
      }
      Program next = Program.compile(definitions, schema, columns, newToday);
      int[] dated =
          java.util.stream.IntStream.range(0, definitions.size())
              .filter(program::dateRelative)
              .toArray();
      List<SegmentExpression> exprs =
          Arrays.stream(dated).mapToObj(s -> definitions.get(s).expression()).toList();
      Optional<RoaringBitmap> candidates =
          DateBoundaries.candidates(columns, exprs, today, newToday);
      if (candidates.isPresent()) {
        // each candidate re-tested on all its date-relative segments at once, as in update
        long[] datedWords = new long[members.stride()];
        for (int s : dated) {
          datedWords[s >>> 6] |= 1L << s;
        }
        org.roaringbitmap.IntIterator rows = candidates.get().getIntIterator();
        while (rows.hasNext()) {
          int row = rows.next();
          for (int k = 0; k < datedWords.length; k++) {
            if (datedWords[k] != 0) {
              int n = retest(next, row, k, datedWords[k], members.word(row, k), newToday, 0);
              events.addAll(immutableEvents(n));
            }
          }
        }
      } else {
        RoaringBitmap[] fresh = BitmapEvaluator.evaluate(next, columns, dated, pool);
        for (int k = 0; k < dated.length; k++) {
          int s = dated[k];
          SegmentId id = definitions.get(s).id();
          RoaringBitmap.andNot(fresh[k], members.bitmap(s))
              .forEach((int row) -> events.add(new SegmentEntered(id, row, newToday)));
          RoaringBitmap.andNot(members.bitmap(s), fresh[k])
              .forEach((int row) -> events.add(new SegmentExited(id, row, newToday)));
          members.replace(s, fresh[k]);
        }
      }
      program = next;
      today = newToday;
    } finally {
      lock.writeLock().unlock();
    }
    publish(events);
    return List.copyOf(events);
  }

  /**
   * Re-evaluates every segment over every customer (no events). Memberships kept incrementally are
   * always equal to what this computes.
   */
  public void evaluateAll() {
    lock.writeLock().lock();
    try {
      replaceAll(BitmapEvaluator.evaluate(program, columns, allSegments(), pool));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Evaluates every segment into fresh bitmaps without touching the engine's memberships (a
   * consistent read; for reporting and benchmarks).
   *
   * @return one bitmap per segment, in definition order
   */
  public List<RoaringBitmap> evaluateSnapshot() {
    lock.readLock().lock();
    try {
      return List.of(BitmapEvaluator.evaluate(program, columns, allSegments(), pool));
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * The defined segments, in definition order.
   *
   * @return the definitions
   */
  public List<SegmentDefinition> definitions() {
    return definitions;
  }

  /**
   * Customers stored.
   *
   * @return the count
   */
  public int size() {
    lock.readLock().lock();
    try {
      return columns.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The date relative conditions are evaluated against.
   *
   * @return today
   */
  public LocalDate today() {
    lock.readLock().lock();
    try {
      return today;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * A customer's stored attributes.
   *
   * @param customer the index
   * @return the values
   */
  public CustomerAttributes attributes(int customer) {
    lock.readLock().lock();
    try {
      checkIndex(customer);
      return columns.read(customer);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Number of members, kept exact by every write (no bitmap is read).
   *
   * @param segment the segment
   * @return its cardinality
   */
  public int count(SegmentId segment) {
    lock.readLock().lock();
    try {
      return members.count(index(segment));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Sum of all segments' member counts (from the exact counts, no bitmap is read).
   *
   * @return the total
   */
  public long totalMembership() {
    lock.readLock().lock();
    try {
      return members.totalMembership();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Whether a customer is a member.
   *
   * @param segment the segment
   * @param customer the index
   * @return membership
   */
  public boolean contains(SegmentId segment, int customer) {
    lock.readLock().lock();
    try {
      int s = index(segment);
      return customer >= 0 && customer < columns.size() && members.contains(s, customer);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The members, as a copy.
   *
   * @param segment the segment
   * @return customer indices
   */
  public RoaringBitmap members(SegmentId segment) {
    lock.readLock().lock();
    try {
      return members.bitmap(index(segment)).clone();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Customers in at least one of the segments.
   *
   * @param segments one or more segments
   * @return a new bitmap
   */
  public RoaringBitmap union(SegmentId... segments) {
    lock.readLock().lock();
    try {
      return FastAggregation.or(bitmaps(segments));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Customers in every one of the segments.
   *
   * @param segments one or more segments
   * @return a new bitmap
   */
  public RoaringBitmap intersection(SegmentId... segments) {
    lock.readLock().lock();
    try {
      RoaringBitmap[] b = bitmaps(segments);
      return b.length == 1 ? b[0].clone() : FastAggregation.and(b);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Customers in {@code a} but not in {@code b}.
   *
   * @param a the segment kept
   * @param b the segment removed
   * @return a new bitmap
   */
  public RoaringBitmap difference(SegmentId a, SegmentId b) {
    lock.readLock().lock();
    try {
      return RoaringBitmap.andNot(members.bitmap(index(a)), members.bitmap(index(b)));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Size of the union, without building it when two segments are given.
   *
   * @param segments one or more segments
   * @return the count
   */
  public long unionCount(SegmentId... segments) {
    lock.readLock().lock();
    try {
      RoaringBitmap[] b = bitmaps(segments);
      return b.length == 2
          ? RoaringBitmap.orCardinality(b[0], b[1])
          : FastAggregation.or(b).getLongCardinality();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Size of the intersection, without building it when two segments are given.
   *
   * @param segments one or more segments
   * @return the count
   */
  public long intersectionCount(SegmentId... segments) {
    lock.readLock().lock();
    try {
      if (segments.length == 1) {
        return members.count(index(segments[0]));
      }
      RoaringBitmap[] b = bitmaps(segments);
      return b.length == 2
          ? RoaringBitmap.andCardinality(b[0], b[1])
          : FastAggregation.and(b).getLongCardinality();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Size of {@code a} minus {@code b}, without building it.
   *
   * @param a the segment kept
   * @param b the segment removed
   * @return the count
   */
  public long differenceCount(SegmentId a, SegmentId b) {
    lock.readLock().lock();
    try {
      return RoaringBitmap.andNotCardinality(members.bitmap(index(a)), members.bitmap(index(b)));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Stops the evaluation threads. */
  @Override
  public void close() {
    pool.ifPresent(ForkJoinPool::shutdown);
  }

  // ---------------------------------------------------------------- helpers

  private RoaringBitmap[] bitmaps(SegmentId... segments) {
    if (segments.length == 0) {
      throw new IllegalArgumentException("segments must name at least one segment");
    }
    RoaringBitmap[] b = new RoaringBitmap[segments.length];
    for (int i = 0; i < segments.length; i++) {
      b[i] = members.bitmap(index(segments[i]));
    }
    return b;
  }

  private int index(SegmentId segment) {
    Integer i = indexOf.get(Objects.requireNonNull(segment, "segment"));
    if (i == null) {
      throw new IllegalArgumentException(
          "unknown segment " + segment + "; defined: " + indexOf.keySet());
    }
    return i;
  }

  private void checkIndex(int customer) {
    if (customer < 0 || customer >= columns.size()) {
      throw new IndexOutOfBoundsException(
          "customer index " + customer + " outside 0.." + (columns.size() - 1));
    }
  }

  /**
   * Installs fully evaluated bitmaps; the comparisons with the current ones (each applying its
   * segment's queued changes first) run on the pool.
   */
  private void replaceAll(RoaringBitmap[] fresh) {
    boolean[] same = new boolean[fresh.length];
    if (pool.isPresent()) {
      pool.get()
          .submit(
              () ->
                  java.util.stream.IntStream.range(0, fresh.length)
                      .parallel()
                      .forEach(s -> same[s] = members.bitmap(s).equals(fresh[s])))
          .join();
    } else {
      for (int s = 0; s < fresh.length; s++) {
        same[s] = members.bitmap(s).equals(fresh[s]);
      }
    }
    for (int s = 0; s < fresh.length; s++) {
      members.replace(s, fresh[s], same[s]);
    }
  }

  /**
   * Whether the row-major membership words equal the segment bitmaps (for tests; reads every bit).
   *
   * @return true when they agree
   */
  boolean membershipWordsAgree() {
    lock.readLock().lock();
    try {
      return members.consistent(columns.size());
    } finally {
      lock.readLock().unlock();
    }
  }

  private int[] allSegments() {
    return java.util.stream.IntStream.range(0, definitions.size()).toArray();
  }

  private void publish(List<SegmentEvent> events) {
    if (listeners.isEmpty()) {
      return;
    }
    for (SegmentEvent e : events) {
      for (SegmentListener l : listeners) {
        l.onEvent(e);
      }
    }
  }

  /** Collects definitions and settings; {@link #build()} validates and compiles. */
  public static final class Builder {
    private final SegmentSchema schema;
    private final LocalDate today;
    private final Map<SegmentId, SegmentDefinition> definitions = new LinkedHashMap<>();
    private final List<SegmentListener> listeners = new ArrayList<>();
    private int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());

    private Builder(SegmentSchema schema, LocalDate today) {
      this.schema = Objects.requireNonNull(schema, "schema");
      this.today = Objects.requireNonNull(today, "today");
    }

    /**
     * Adds a segment, checked against the schema at once.
     *
     * @param definition the definition; its id must be new
     * @return this
     * @throws InvalidSegmentException if it names an undeclared value
     */
    public Builder segment(SegmentDefinition definition) {
      Objects.requireNonNull(definition, "definition");
      schema.validate(definition);
      if (definitions.putIfAbsent(definition.id(), definition) != null) {
        throw new IllegalArgumentException("duplicate segment id " + definition.id());
      }
      return this;
    }

    /**
     * Adds segments.
     *
     * @param all the definitions
     * @return this
     */
    public Builder segments(Collection<SegmentDefinition> all) {
      all.forEach(this::segment);
      return this;
    }

    /**
     * Threads for full evaluation (default: available processors; 1 runs on the caller).
     *
     * @param threads 1 to 256
     * @return this
     */
    public Builder parallelism(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("parallelism must be 1..256, got " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * Adds a listener for membership changes.
     *
     * @param listener the listener
     * @return this
     */
    public Builder listener(SegmentListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the engine (empty population).
     *
     * @return the engine
     */
    public SegmentEngine build() {
      if (definitions.isEmpty()) {
        throw new IllegalStateException("define at least one segment before build()");
      }
      return new SegmentEngine(this);
    }
  }
}
