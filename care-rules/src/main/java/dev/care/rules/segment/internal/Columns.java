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
 * The columnar store: one primitive array per attribute, customers addressed by a dense index.
 * Dates are epoch days ({@link #NEVER} when absent), birthdays a day-of-leap-year code (0 when
 * absent), enumerations byte ordinals, consent one word bitset per channel, tags one RoaringBitmap
 * per tag plus one tag word per customer (bit {@code t} for interned tag id {@code t < 63}, bit 63
 * when the customer holds a tag of a higher id), so that a row update compares and a row evaluation
 * tests tags without a bitmap lookup. Date columns also keep buckets (day → customers) so that
 * moving today only revisits customers whose dates lie on a moved boundary. Not thread-safe; the
 * engine guards it.
 */
public final class Columns {
  /** Epoch day stored for "no date": about 2.9 million years ago, so its age is effectively ∞. */
  public static final int NEVER = Integer.MIN_VALUE / 2;

  /**
   * Bytes per customer of the primitive columns (consent bits and the tag word included, tag
   * bitmaps excluded).
   */
  public static final double BYTES_PER_CUSTOMER =
      4
          + 4
          + 4
          + 8
          + 8
          + 1
          + 2
          + 1
          + 1
          + 1
          + 2
          + 1
          + 1
          + 1
          + 2
          + 8
          + 1
          + Channel.values().length / 8.0;

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

  private final SegmentSchema schema;
  private int size;
  int[] lastPurchase = new int[0];
  int[] enrolled = new int[0];
  int[] frequency = new int[0];
  long[] monetary = new long[0];
  long[] points = new long[0];
  byte[] satisfaction = new byte[0];
  short[] complaints = new short[0];
  byte[] rfmR = new byte[0];
  byte[] rfmF = new byte[0];
  byte[] rfmM = new byte[0];
  short[] pAlive = new short[0];
  byte[] tier = new byte[0];
  byte[] stage = new byte[0];
  byte[] type = new byte[0];
  short[] birthday = new short[0];
  long[][] consent = new long[Channel.values().length][0];

  /**
   * Consents per customer, bit {@link Channel#ordinal()}: the row-major copy of {@link #consent}.
   */
  byte[] consentRow = new byte[0];

  long[] tagWords = new long[0];
  final Map<String, RoaringBitmap> tags = new HashMap<>();
  private final Map<String, Integer> tagIds = new HashMap<>();
  private final List<String> tagNames = new ArrayList<>();
  private final List<RoaringBitmap> tagBitmaps = new ArrayList<>();
  private final long[] oldKeys = new long[ATTRIBUTES.length];
  final DayBuckets purchaseDays = new DayBuckets();
  final DayBuckets enrolledDays = new DayBuckets();
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

  /**
   * Makes room for {@code n} customers.
   *
   * @param n capacity wanted
   */
  public void ensureCapacity(int n) {
    if (n <= frequency.length) {
      return;
    }
    int cap = Math.max(n, Math.max(1024, frequency.length + (frequency.length >> 1)));
    lastPurchase = Arrays.copyOf(lastPurchase, cap);
    enrolled = Arrays.copyOf(enrolled, cap);
    frequency = Arrays.copyOf(frequency, cap);
    monetary = Arrays.copyOf(monetary, cap);
    points = Arrays.copyOf(points, cap);
    satisfaction = Arrays.copyOf(satisfaction, cap);
    complaints = Arrays.copyOf(complaints, cap);
    rfmR = Arrays.copyOf(rfmR, cap);
    rfmF = Arrays.copyOf(rfmF, cap);
    rfmM = Arrays.copyOf(rfmM, cap);
    pAlive = Arrays.copyOf(pAlive, cap);
    tier = Arrays.copyOf(tier, cap);
    stage = Arrays.copyOf(stage, cap);
    type = Arrays.copyOf(type, cap);
    birthday = Arrays.copyOf(birthday, cap);
    tagWords = Arrays.copyOf(tagWords, cap);
    consentRow = Arrays.copyOf(consentRow, cap);
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
    int tierOrdinal = tierOrdinal(a.tier());
    long tagWord = tagWord(a.tags());
    ensureCapacity(size + 1);
    int i = size++;
    write(i, a, tierOrdinal, tagWord, -1L);
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
    int tierOrdinal = tierOrdinal(a.tier());
    long tagWord = tagWord(a.tags());
    long changed = diff(i, a, tierOrdinal, tagWord);
    if (changed != 0) {
      write(i, a, tierOrdinal, tagWord, changed);
    }
    return changed;
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

  /**
   * Whether a customer holds a tag.
   *
   * @param id the tag id from {@link #tagId(String)}
   * @param row the customer
   * @return membership
   */
  boolean hasTag(int id, int row) {
    return id < TAG_BITS
        ? ((tagWords[row] >>> id) & 1L) != 0
        : (tagWords[row] & OVERFLOW_TAGS) != 0 && tagBitmaps.get(id).contains(row);
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

  private static int consentMask(Set<Channel> cs) {
    return ChannelSet.mask(cs);
  }

  private int tierOrdinal(String t) {
    int o = schema.tiers().indexOf(t);
    if (o < 0) {
      throw new IllegalArgumentException(
          "tier '" + t + "' is not declared by the schema " + schema.tiers());
    }
    return o;
  }

  private static long bit(Attribute a) {
    return 1L << a.ordinal();
  }

  private long diff(int i, CustomerAttributes a, int tierOrdinal, long tagWord) {
    long m = 0;
    if (lastPurchase[i] != day(a.lastPurchase())) {
      m |= bit(Attribute.RECENCY_DAYS);
    }
    if (enrolled[i] != day(a.enrolled())) {
      m |= bit(Attribute.TENURE_DAYS);
    }
    if (frequency[i] != a.frequency()) {
      m |= bit(Attribute.FREQUENCY);
    }
    if (monetary[i] != a.monetary()) {
      m |= bit(Attribute.MONETARY);
    }
    if (points[i] != a.pointsBalance()) {
      m |= bit(Attribute.POINTS_BALANCE);
    }
    if (satisfaction[i] != a.satisfactionIndex()) {
      m |= bit(Attribute.SATISFACTION_INDEX);
    }
    if (complaints[i] != a.openComplaints()) {
      m |= bit(Attribute.OPEN_COMPLAINTS);
    }
    if (rfmR[i] != a.rfmR()) {
      m |= bit(Attribute.RFM_R);
    }
    if (rfmF[i] != a.rfmF()) {
      m |= bit(Attribute.RFM_F);
    }
    if (rfmM[i] != a.rfmM()) {
      m |= bit(Attribute.RFM_M);
    }
    if (pAlive[i] != a.pAlive()) {
      m |= bit(Attribute.P_ALIVE);
    }
    if (tier[i] != tierOrdinal) {
      m |= bit(Attribute.TIER);
    }
    if (stage[i] != a.lifecycleStage().ordinal()) {
      m |= bit(Attribute.LIFECYCLE_STAGE);
    }
    if (type[i] != a.customerType().ordinal()) {
      m |= bit(Attribute.CUSTOMER_TYPE);
    }
    if (birthday[i] != birthdayCode(a.birthday())) {
      m |= bit(Attribute.BIRTHDAY);
    }
    if (consentRow[i] != (byte) consentMask(a.consents())) {
      m |= bit(Attribute.CONSENT);
    }
    long old = tagWords[i];
    if (old != tagWord || ((old & OVERFLOW_TAGS) != 0 && !sameHighTags(i, a.tags()))) {
      m |= bit(Attribute.TAGS);
    }
    return m;
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

  private void write(int i, CustomerAttributes a, int tierOrdinal, long tagWord, long changed) {
    boolean fresh = changed == -1L;
    int lp = day(a.lastPurchase());
    int en = day(a.enrolled());
    short bd = birthdayCode(a.birthday());
    if ((changed & bit(Attribute.RECENCY_DAYS)) != 0) {
      if (!fresh) {
        purchaseDays.remove(lastPurchase[i], i);
      }
      purchaseDays.add(lp, i);
    }
    if ((changed & bit(Attribute.TENURE_DAYS)) != 0) {
      if (!fresh) {
        enrolledDays.remove(enrolled[i], i);
      }
      enrolledDays.add(en, i);
    }
    if ((changed & bit(Attribute.BIRTHDAY)) != 0) {
      if (!fresh) {
        birthdays[birthday[i]].remove(i);
      }
      birthdays[bd].add(i);
    }
    if (!fresh) {
      // a fresh row's index bits are all zero
      for (long m = changed; m != 0; m &= m - 1) {
        int o = Long.numberOfTrailingZeros(m);
        if (index[o] != null) {
          oldKeys[o] = key(ATTRIBUTES[o], i);
        }
      }
    }
    lastPurchase[i] = lp;
    enrolled[i] = en;
    frequency[i] = a.frequency();
    monetary[i] = a.monetary();
    points[i] = a.pointsBalance();
    satisfaction[i] = (byte) a.satisfactionIndex();
    complaints[i] = (short) a.openComplaints();
    rfmR[i] = (byte) a.rfmR();
    rfmF[i] = (byte) a.rfmF();
    rfmM[i] = (byte) a.rfmM();
    pAlive[i] = (short) a.pAlive();
    tier[i] = (byte) tierOrdinal;
    stage[i] = (byte) a.lifecycleStage().ordinal();
    type[i] = (byte) a.customerType().ordinal();
    birthday[i] = bd;
    if ((changed & bit(Attribute.CONSENT)) != 0) {
      int cs = consentMask(a.consents());
      for (int c = 0; c < consent.length; c++) {
        setBit(consent[c], i, ((cs >>> c) & 1) != 0);
      }
      consentRow[i] = (byte) cs;
    }
    indexRow(i, changed, fresh);
    if ((changed & bit(Attribute.TAGS)) != 0) {
      long old = fresh ? 0 : tagWords[i];
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
      tagWords[i] = tagWord;
    }
  }

  /** The value a row's attribute has in its bit-sliced index. */
  private long key(Attribute a, int i) {
    return switch (a) {
      case RECENCY_DAYS -> dateKey(lastPurchase[i]);
      case TENURE_DAYS -> dateKey(enrolled[i]);
      case POINTS_BALANCE -> Math.abs(points[i]);
      case BIRTHDAY -> birthday[i];
      case TIER -> tier[i];
      case LIFECYCLE_STAGE -> stage[i];
      case CUSTOMER_TYPE -> type[i];
      default -> Leaf.Range.value(this, a, i);
    };
  }

  private static long dateKey(int day) {
    return day == NEVER ? 0 : day - DATE_BASE;
  }

  private void indexRow(int i, long changed, boolean fresh) {
    for (long m = changed & ((1L << ATTRIBUTES.length) - 1); m != 0; m &= m - 1) {
      int o = Long.numberOfTrailingZeros(m);
      Bsi b = index[o];
      if (b == null) {
        continue;
      }
      Attribute a = ATTRIBUTES[o];
      switch (a) {
        case RECENCY_DAYS -> setBit(purchasePresent, i, lastPurchase[i] != NEVER);
        case TENURE_DAYS -> setBit(enrolledPresent, i, enrolled[i] != NEVER);
        case POINTS_BALANCE -> setBit(pointsNegative, i, points[i] < 0);
        default -> {}
      }
      b.update(i, fresh ? 0 : oldKeys[o], key(a, i));
    }
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
    return ((consentRow[i] >>> channel) & 1) != 0;
  }

  private Set<String> tagsOf(int i) {
    Set<String> s = new HashSet<>();
    long w = tagWords[i];
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
    return new CustomerAttributes(
        date(lastPurchase[i]),
        date(enrolled[i]),
        frequency[i],
        monetary[i],
        points[i],
        satisfaction[i],
        complaints[i],
        rfmR[i],
        rfmF[i],
        rfmM[i],
        pAlive[i],
        schema.tiers().get(tier[i]),
        LifecycleStage.values()[stage[i]],
        CustomerType.values()[type[i]],
        tagsOf(i),
        cs,
        birthday[i] == 0
            ? Optional.empty()
            : Optional.of(MonthDay.from(LocalDate.ofYearDay(2000, birthday[i]))));
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
