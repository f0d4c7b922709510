package dev.care.rules.segment.internal;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerType;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.rules.segment.Attribute;
import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentSchema;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * The attribute store. Full evaluation reads it column by column: a bit-sliced index per numeric,
 * date and enumeration attribute ({@link Bsi}), one word bitset per consent channel, one
 * RoaringBitmap per tag, and buckets of customers per stored date (a changed date is moved between
 * buckets only when today next moves, see {@link DayBuckets}) and per birthday, so that moving
 * today only revisits customers whose dates lie on a moved boundary. A row update and a row
 * evaluation read it row by row: every attribute of a customer is packed into {@link #STRIDE}
 * consecutive longs of one array, so that comparing a changed customer with its stored values and
 * re-testing its segments touches one or two cache lines instead of one per attribute.
 *
 * <p>Packed row, word by word: 0 last-purchase epoch day (low 32 bits, {@link #NEVER} when absent)
 * and enrolment epoch day (high 32); 1 monetary; 2 points balance; 3 tag word (bit {@code t} for
 * interned tag id {@code t < 63}, bit 63 when the customer holds a tag of a higher id); 4 frequency
 * (bits 0–31), P(alive) (32–47), open complaints (48–63); 5 satisfaction index (0–7), tier ordinal
 * (8–15), life-cycle stage (16–23), customer type (24–31), consents (32–39, bit per {@link
 * Channel#ordinal()}), RFM R, F, M (40–43, 44–47, 48–51), birthday code (52–63, day of the leap
 * year, 0 when absent). Not thread-safe; the engine guards it.
 */
public final class Columns {
  /** Epoch day stored for "no date": about 2.9 million years ago, so its age is effectively ∞. */
  public static final int NEVER = Integer.MIN_VALUE / 2;

  /** Longs per packed row. */
  static final int STRIDE = 6;

  /**
   * Bytes per customer of the packed rows and the consent bitsets (the bit-sliced indexes, tag
   * bitmaps and buckets excluded).
   */
  public static final double BYTES_PER_CUSTOMER = STRIDE * 8 + Channel.values().length / 8.0;

  /** Tag ids below this have their own bit in a customer's tag word. */
  static final int TAG_BITS = 63;

  /**
   * Bit of the tag word set when the customer holds a tag whose id is {@link #TAG_BITS} or more.
   */
  static final long OVERFLOW_TAGS = 1L << TAG_BITS;

  private static final Attribute[] ATTRIBUTES = Attribute.values();
  private static final Channel[] CHANNELS = Channel.values();

  static {
    if (CHANNELS.length > 8) {
      throw new ExceptionInInitializerError("consent rows hold 8 channels, not " + CHANNELS.length);
    }
  }

  /** Day of the leap year 2000 before the first of each month. */
  private static final short[] MONTH_START = {
    0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335
  };

  /** Packed-row word of each attribute, by {@link Attribute#ordinal()}. */
  private static final int[] WORD = new int[ATTRIBUTES.length];

  /** Left shift that puts the field's top bit at bit 63. */
  private static final int[] SHL = new int[ATTRIBUTES.length];

  /** Right shift that brings the field back down, after {@link #SHL}. */
  private static final int[] SHR = new int[ATTRIBUTES.length];

  /** Whether the field is read sign-extended. */
  private static final boolean[] SIGNED = new boolean[ATTRIBUTES.length];

  /** The bits of its word the field occupies. */
  private static final long[] FIELD = new long[ATTRIBUTES.length];

  /** Attribute ordinals stored in each packed-row word. */
  private static final int[][] FIELDS_OF_WORD = new int[STRIDE][];

  static {
    place(Attribute.RECENCY_DAYS, 0, 0, 32, true);
    place(Attribute.TENURE_DAYS, 0, 32, 32, true);
    place(Attribute.MONETARY, 1, 0, 64, true);
    place(Attribute.POINTS_BALANCE, 2, 0, 64, true);
    place(Attribute.TAGS, 3, 0, 64, false);
    place(Attribute.FREQUENCY, 4, 0, 32, false);
    place(Attribute.P_ALIVE, 4, 32, 16, false);
    place(Attribute.OPEN_COMPLAINTS, 4, 48, 16, false);
    place(Attribute.SATISFACTION_INDEX, 5, 0, 8, false);
    place(Attribute.TIER, 5, 8, 8, false);
    place(Attribute.LIFECYCLE_STAGE, 5, 16, 8, false);
    place(Attribute.CUSTOMER_TYPE, 5, 24, 8, false);
    place(Attribute.CONSENT, 5, 32, 8, false);
    place(Attribute.RFM_R, 5, 40, 4, false);
    place(Attribute.RFM_F, 5, 44, 4, false);
    place(Attribute.RFM_M, 5, 48, 4, false);
    place(Attribute.BIRTHDAY, 5, 52, 12, false);
    for (int w = 0; w < STRIDE; w++) {
      final int word = w;
      FIELDS_OF_WORD[w] =
          java.util.stream.IntStream.range(0, ATTRIBUTES.length)
              .filter(o -> WORD[o] == word && FIELD[o] != 0)
              .toArray();
    }
    for (Attribute a : ATTRIBUTES) {
      if (FIELD[a.ordinal()] == 0) {
        throw new ExceptionInInitializerError("attribute " + a + " has no place in the packed row");
      }
    }
  }

  private static void place(Attribute a, int word, int shift, int bits, boolean signed) {
    int o = a.ordinal();
    WORD[o] = word;
    SHL[o] = 64 - shift - bits;
    SHR[o] = 64 - bits;
    SIGNED[o] = signed;
    FIELD[o] = (bits == 64 ? -1L : (1L << bits) - 1) << shift;
  }

  private final SegmentSchema schema;
  private int size;

  /** The packed rows, {@link #STRIDE} longs per customer (row tests read them directly). */
  long[] rows = new long[0];

  /** A row being encoded, and the row it replaces (the store is single-threaded). */
  private final long[] encoded = new long[STRIDE];

  private final long[] stored = new long[STRIDE];

  long[][] consent = new long[Channel.values().length][0];

  final Map<String, RoaringBitmap> tags = new HashMap<>();
  private final Map<String, Integer> tagIds = new HashMap<>();
  private final List<String> tagNames = new ArrayList<>();
  private final List<RoaringBitmap> tagBitmaps = new ArrayList<>();
  final DayBuckets purchaseDays = new DayBuckets(row -> (int) value(Attribute.RECENCY_DAYS, row));
  final DayBuckets enrolledDays = new DayBuckets(row -> (int) value(Attribute.TENURE_DAYS, row));
  final RoaringBitmap[] birthdays = new RoaringBitmap[367];

  /** Epoch day of 1900-01-01: stored dates are indexed as days since then. */
  static final int DATE_BASE = (int) LocalDate.of(1900, 1, 1).toEpochDay();

  /**
   * Bit-sliced indexes by {@link Attribute#ordinal()} (points: magnitude; dates: days since 1900).
   */
  final Bsi[] index = new Bsi[Attribute.values().length];

  /** Rows with a last purchase date / an enrolment date / a negative points balance. */
  long[] purchasePresent = new long[0];

  long[] enrolledPresent = new long[0];
  long[] pointsNegative = new long[0];

  /**
   * Creates an empty store.
   *
   * @param schema declares the tier ids
   */
  public Columns(SegmentSchema schema) {
    this.schema = schema;
    for (int i = 0; i < birthdays.length; i++) {
      birthdays[i] = new RoaringBitmap();
    }
    for (Attribute a : ATTRIBUTES) {
      if (a != Attribute.TAGS && a != Attribute.CONSENT) {
        index[a.ordinal()] = new Bsi();
      }
    }
  }

  /**
   * Customers stored.
   *
   * @return the count; indices are {@code 0..size-1}
   */
  public int size() {
    return size;
  }

  /**
   * The schema.
   *
   * @return the schema
   */
  public SegmentSchema schema() {
    return schema;
  }

  /** Most customers the packed rows can hold (one Java array). */
  static final int MAX_ROWS = (Integer.MAX_VALUE - 8) / STRIDE;

  /**
   * Makes room for {@code n} customers.
   *
   * @param n capacity wanted
   * @throws IllegalArgumentException beyond {@link #MAX_ROWS} customers
   */
  public void ensureCapacity(int n) {
    int had = rows.length / STRIDE;
    if (n <= had) {
      return;
    }
    if (n > MAX_ROWS) {
      throw new IllegalArgumentException(
          "a segment engine holds at most " + MAX_ROWS + " customers, asked for " + n);
    }
    int cap = (int) Math.min(MAX_ROWS, Math.max(n, Math.max(1024, had + (long) (had >> 1))));
    rows = Arrays.copyOf(rows, cap * STRIDE);
    for (int c = 0; c < consent.length; c++) {
      consent[c] = Arrays.copyOf(consent[c], (cap + 63) >>> 6);
    }
    purchasePresent = Arrays.copyOf(purchasePresent, (cap + 63) >>> 6);
    enrolledPresent = Arrays.copyOf(enrolledPresent, (cap + 63) >>> 6);
    pointsNegative = Arrays.copyOf(pointsNegative, (cap + 63) >>> 6);
    for (Bsi b : index) {
      if (b != null) {
        b.ensureCapacity(cap);
      }
    }
  }

  /**
   * Appends a customer.
   *
   * @param a the attributes
   * @return its index
   */
  public int append(CustomerAttributes a) {
    encode(a, encoded);
    ensureCapacity(size + 1);
    int i = size++;
    write(i, a, encoded, -1L);
    return i;
  }

  /**
   * Overwrites a customer's values.
   *
   * @param i the index
   * @param a the new values
   * @return a bit per {@link Attribute#ordinal()} whose value changed
   */
  public long update(int i, CustomerAttributes a) {
    int base = i * STRIDE;
    // read the stored row first: its cache miss then overlaps with encoding the new one
    long[] was = stored;
    System.arraycopy(rows, base, was, 0, STRIDE);
    long[] e = encoded;
    encode(a, e);
    long changed = 0;
    for (int w = 0; w < STRIDE; w++) {
      long x = was[w] ^ e[w];
      if (x != 0) {
        for (int o : FIELDS_OF_WORD[w]) {
          if ((x & FIELD[o]) != 0) {
            changed |= 1L << o;
          }
        }
      }
    }
    long tagBit = 1L << Attribute.TAGS.ordinal();
    if ((changed & tagBit) == 0
        && (e[WORD[Attribute.TAGS.ordinal()]] & OVERFLOW_TAGS) != 0
        && !sameHighTags(i, a.tags())) {
      changed |= tagBit;
    }
    if (changed != 0) {
      write(i, a, e, changed);
    }
    return changed;
  }

  /** Packs a customer's attributes into a row, each at the place {@link #place} gave it. */
  private void encode(CustomerAttributes a, long[] e) {
    Arrays.fill(e, 0L);
    put(e, Attribute.RECENCY_DAYS, day(a.lastPurchase()));
    put(e, Attribute.TENURE_DAYS, day(a.enrolled()));
    put(e, Attribute.MONETARY, a.monetary());
    put(e, Attribute.POINTS_BALANCE, a.pointsBalance());
    put(e, Attribute.TAGS, tagWord(a.tags()));
    put(e, Attribute.FREQUENCY, a.frequency());
    put(e, Attribute.P_ALIVE, a.pAlive());
    put(e, Attribute.OPEN_COMPLAINTS, a.openComplaints());
    put(e, Attribute.SATISFACTION_INDEX, a.satisfactionIndex());
    put(e, Attribute.TIER, tierOrdinal(a.tier()));
    put(e, Attribute.LIFECYCLE_STAGE, a.lifecycleStage().ordinal());
    put(e, Attribute.CUSTOMER_TYPE, a.customerType().ordinal());
    put(e, Attribute.CONSENT, ChannelSet.mask(a.consents()));
    put(e, Attribute.RFM_R, a.rfmR());
    put(e, Attribute.RFM_F, a.rfmF());
    put(e, Attribute.RFM_M, a.rfmM());
    put(e, Attribute.BIRTHDAY, birthdayCode(a.birthday()));
  }

  /** Ors a value into its field of a row being encoded. */
  private static void put(long[] e, Attribute a, long value) {
    int o = a.ordinal();
    e[WORD[o]] |= (value << (SHR[o] - SHL[o])) & FIELD[o];
  }

  /**
   * A field of a packed-row word.
   *
   * @param o the attribute ordinal
   * @param word the word {@link #WORD}{@code [o]} of a row
   * @return the value (epoch day for dates, ordinal for enumerations, bit mask for consents)
   */
  private static long field(int o, long word) {
    long up = word << SHL[o];
    return SIGNED[o] ? up >> SHR[o] : up >>> SHR[o];
  }

  /**
   * Where an attribute lives in a packed row.
   *
   * @param a the attribute
   * @return the word of the row, {@code 0..STRIDE-1}
   */
  static int wordOf(Attribute a) {
    return WORD[a.ordinal()];
  }

  /**
   * How to read an attribute from its word: {@code (word << shiftLeft(a)) >> shiftRight(a)},
   * arithmetic when {@link #signed(Attribute)}, logical otherwise.
   *
   * @param a the attribute
   * @return the left shift
   */
  static int shiftLeft(Attribute a) {
    return SHL[a.ordinal()];
  }

  /**
   * The right shift of {@link #shiftLeft(Attribute)}.
   *
   * @param a the attribute
   * @return the right shift
   */
  static int shiftRight(Attribute a) {
    return SHR[a.ordinal()];
  }

  /**
   * The lowest bit of an attribute's field in its word ({@code shiftRight(a) - shiftLeft(a)}).
   *
   * @param a the attribute
   * @return the bit index
   */
  static int shift(Attribute a) {
    return SHR[a.ordinal()] - SHL[a.ordinal()];
  }

  /**
   * Whether an attribute is read sign-extended.
   *
   * @param a the attribute
   * @return true for dates, monetary and points
   */
  static boolean signed(Attribute a) {
    return SIGNED[a.ordinal()];
  }

  /**
   * A customer's stored value of an attribute.
   *
   * @param a the attribute
   * @param row the customer
   * @return the value (epoch day or {@link #NEVER} for dates, ordinal for enumerations, code for
   *     birthdays, bit mask for consents and tags)
   */
  long value(Attribute a, int row) {
    int o = a.ordinal();
    return field(o, rows[row * STRIDE + WORD[o]]);
  }

  /**
   * The id of a tag, assigned on first sight; ids are never reused or removed.
   *
   * @param tag the tag
   * @return its id
   */
  public int tagId(String tag) {
    Integer id = tagIds.get(tag);
    if (id != null) {
      return id;
    }
    int next = tagNames.size();
    RoaringBitmap b = new RoaringBitmap();
    tagIds.put(tag, next);
    tagNames.add(tag);
    tagBitmaps.add(b);
    tags.put(tag, b);
    return next;
  }

  private long tagWord(int row) {
    return rows[row * STRIDE + WORD[Attribute.TAGS.ordinal()]];
  }

  /**
   * Whether a customer holds a tag.
   *
   * @param id the tag id from {@link #tagId(String)}
   * @param row the customer
   * @return membership
   */
  boolean hasTag(int id, int row) {
    long w = tagWord(row);
    return id < TAG_BITS
        ? ((w >>> id) & 1L) != 0
        : (w & OVERFLOW_TAGS) != 0 && tagBitmaps.get(id).contains(row);
  }

  private long tagWord(Set<String> ts) {
    String[] array = TagSet.array(ts);
    if (array != null) {
      long w = 0;
      for (String t : array) {
        int id = tagId(t);
        w |= id < TAG_BITS ? 1L << id : OVERFLOW_TAGS;
      }
      return w;
    }
    long w = 0;
    for (String t : ts) {
      int id = tagId(t);
      w |= id < TAG_BITS ? 1L << id : OVERFLOW_TAGS;
    }
    return w;
  }

  private int tierOrdinal(String t) {
    int o = schema.tiers().indexOf(t);
    if (o < 0) {
      throw new IllegalArgumentException(
          "tier '" + t + "' is not declared by the schema " + schema.tiers());
    }
    return o;
  }

  /**
   * Whether the customer's stored tags of id {@link #TAG_BITS} and above are those of {@code ts}.
   */
  private boolean sameHighTags(int i, Set<String> ts) {
    for (int id = TAG_BITS; id < tagNames.size(); id++) {
      if (tagBitmaps.get(id).contains(i) != ts.contains(tagNames.get(id))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stores an encoded row and brings the indexes, buckets and bitmaps of the changed attributes
   * along.
   *
   * @param changed the attributes that differ from the stored row, or -1 for a fresh row
   */
  private void write(int i, CustomerAttributes a, long[] e, long changed) {
    boolean fresh = changed == -1L;
    int base = i * STRIDE;
    for (long m = changed & ((1L << ATTRIBUTES.length) - 1); m != 0; m &= m - 1) {
      int o = Long.numberOfTrailingZeros(m);
      long before = fresh ? 0 : rows[base + WORD[o]];
      long now = field(o, e[WORD[o]]);
      switch (ATTRIBUTES[o]) {
        case RECENCY_DAYS -> {
          if (fresh) {
            purchaseDays.add((int) now, i);
          } else {
            purchaseDays.moved(i, (int) field(o, before));
          }
          setBit(purchasePresent, i, now != NEVER);
        }
        case TENURE_DAYS -> {
          if (fresh) {
            enrolledDays.add((int) now, i);
          } else {
            enrolledDays.moved(i, (int) field(o, before));
          }
          setBit(enrolledPresent, i, now != NEVER);
        }
        case BIRTHDAY -> {
          if (!fresh) {
            birthdays[(int) field(o, before)].remove(i);
          }
          birthdays[(int) now].add(i);
        }
        case POINTS_BALANCE -> setBit(pointsNegative, i, now < 0);
        case CONSENT -> {
          // only the channels that changed: each is a bitset of its own, a cache line apart
          for (long x = fresh ? now : field(o, before) ^ now; x != 0; x &= x - 1) {
            int c = Long.numberOfTrailingZeros(x);
            consent[c][i >>> 6] ^= 1L << i;
          }
        }
        case TAGS -> writeTags(i, a, fresh ? 0 : field(o, before), now);
        default -> {}
      }
      Bsi b = index[o];
      if (b != null) {
        b.update(i, fresh ? 0 : key(o, field(o, before)), key(o, now));
      }
    }
    System.arraycopy(e, 0, rows, base, STRIDE);
  }

  private void writeTags(int i, CustomerAttributes a, long old, long tagWord) {
    for (long x = (old ^ tagWord) & ~OVERFLOW_TAGS; x != 0; x &= x - 1) {
      int id = Long.numberOfTrailingZeros(x);
      if (((tagWord >>> id) & 1L) != 0) {
        tagBitmaps.get(id).add(i);
      } else {
        tagBitmaps.get(id).remove(i);
      }
    }
    if (((old | tagWord) & OVERFLOW_TAGS) != 0) {
      for (int id = TAG_BITS; id < tagNames.size(); id++) {
        if (a.tags().contains(tagNames.get(id))) {
          tagBitmaps.get(id).add(i);
        } else {
          tagBitmaps.get(id).remove(i);
        }
      }
    }
  }

  /** The value an attribute's stored value has in its bit-sliced index. */
  private static long key(int o, long value) {
    return switch (ATTRIBUTES[o]) {
      case RECENCY_DAYS, TENURE_DAYS -> value == NEVER ? 0 : value - DATE_BASE;
      case POINTS_BALANCE -> Math.abs(value);
      default -> value;
    };
  }

  private static void setBit(long[] words, int i, boolean on) {
    if (on) {
      words[i >>> 6] |= 1L << i;
    } else {
      words[i >>> 6] &= ~(1L << i);
    }
  }

  /** Bits per customer held by the bit-sliced indexes and their flag bitsets. */
  public int indexBitsPerCustomer() {
    int bits = 3;
    for (Bsi b : index) {
      if (b != null) {
        bits += b.bits();
      }
    }
    return bits;
  }

  /**
   * Customers whose stored last-purchase (or enrolment) epoch day lies in {@code [from, to]}.
   *
   * @param enrolment true for the enrolment column, false for last purchase
   * @param from first day
   * @param to last day
   * @param into receives the customers
   * @return number of distinct days visited
   */
  public int customersOnDays(boolean enrolment, long from, long to, RoaringBitmap into) {
    return (enrolment ? enrolledDays : purchaseDays).collect(from, to, into);
  }

  /**
   * Customers with a birthday code.
   *
   * @param code 0 (unknown) to 366
   * @return the live bucket; do not modify
   */
  public RoaringBitmap birthdayBucket(int code) {
    return birthdays[code];
  }

  boolean consent(int channel, int i) {
    return ((value(Attribute.CONSENT, i) >>> channel) & 1) != 0;
  }

  private Set<String> tagsOf(int i) {
    Set<String> s = new HashSet<>();
    long w = tagWord(i);
    for (long x = w & ~OVERFLOW_TAGS; x != 0; x &= x - 1) {
      s.add(tagNames.get(Long.numberOfTrailingZeros(x)));
    }
    if ((w & OVERFLOW_TAGS) != 0) {
      for (int id = TAG_BITS; id < tagNames.size(); id++) {
        if (tagBitmaps.get(id).contains(i)) {
          s.add(tagNames.get(id));
        }
      }
    }
    return s;
  }

  /**
   * Reads a customer back.
   *
   * @param i the index
   * @return the stored values
   */
  public CustomerAttributes read(int i) {
    Set<Channel> cs = EnumSet.noneOf(Channel.class);
    for (Channel c : CHANNELS) {
      if (consent(c.ordinal(), i)) {
        cs.add(c);
      }
    }
    int bd = (int) value(Attribute.BIRTHDAY, i);
    return new CustomerAttributes(
        date((int) value(Attribute.RECENCY_DAYS, i)),
        date((int) value(Attribute.TENURE_DAYS, i)),
        (int) value(Attribute.FREQUENCY, i),
        value(Attribute.MONETARY, i),
        value(Attribute.POINTS_BALANCE, i),
        (int) value(Attribute.SATISFACTION_INDEX, i),
        (int) value(Attribute.OPEN_COMPLAINTS, i),
        (int) value(Attribute.RFM_R, i),
        (int) value(Attribute.RFM_F, i),
        (int) value(Attribute.RFM_M, i),
        (int) value(Attribute.P_ALIVE, i),
        schema.tiers().get((int) value(Attribute.TIER, i)),
        LifecycleStage.values()[(int) value(Attribute.LIFECYCLE_STAGE, i)],
        CustomerType.values()[(int) value(Attribute.CUSTOMER_TYPE, i)],
        tagsOf(i),
        cs,
        bd == 0 ? Optional.empty() : Optional.of(MonthDay.from(LocalDate.ofYearDay(2000, bd))));
  }

  static int day(Optional<LocalDate> d) {
    return d.isPresent() ? (int) d.get().toEpochDay() : NEVER;
  }

  private static Optional<LocalDate> date(int day) {
    return day == NEVER ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(day));
  }

  /**
   * The birthday code: day of the year 2000 (a leap year), 1 to 366; 0 when unknown.
   *
   * @param md the birthday
   * @return the code
   */
  static short birthdayCode(Optional<MonthDay> md) {
    if (md.isEmpty()) {
      return 0;
    }
    MonthDay m = md.get();
    return (short) (MONTH_START[m.getMonthValue() - 1] + m.getDayOfMonth());
  }
}
