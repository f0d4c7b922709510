package dev.care.rules.segment.internal;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerType;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.rules.segment.Attribute;
import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentSchema;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The columnar store: one primitive array per attribute, customers addressed by a dense index.
 * Dates are epoch days ({@link #NEVER} when absent), birthdays a day-of-leap-year code (0 when
 * absent), enumerations byte ordinals, consent one word bitset per channel, tags one RoaringBitmap
 * per tag. Date columns also keep buckets (day → customers) so that moving today only revisits
 * customers whose dates lie on a moved boundary. Not thread-safe; the engine guards it.
 */
public final class Columns {
  /** Epoch day stored for "no date": about 2.9 million years ago, so its age is effectively ∞. */
  public static final int NEVER = Integer.MIN_VALUE / 2;

  /** Bytes per customer of the primitive columns (consent bits included, tags excluded). */
  public static final double BYTES_PER_CUSTOMER =
      4 + 4 + 4 + 8 + 8 + 1 + 2 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 2 + Channel.values().length / 8.0;

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
  final Map<String, RoaringBitmap> tags = new HashMap<>();
  final TreeMap<Integer, RoaringBitmap> purchaseDays = new TreeMap<>();
  final TreeMap<Integer, RoaringBitmap> enrolledDays = new TreeMap<>();
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
    for (Attribute a : Attribute.values()) {
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
    ensureCapacity(size + 1);
    int i = size++;
    write(i, a, tierOrdinal, -1L);
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
    long changed = diff(i, a, tierOrdinal);
    if (changed != 0) {
      write(i, a, tierOrdinal, changed);
    }
    return changed;
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

  private long diff(int i, CustomerAttributes a, int tierOrdinal) {
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
    for (Channel c : Channel.values()) {
      if (consent(c.ordinal(), i) != a.consents().contains(c)) {
        m |= bit(Attribute.CONSENT);
        break;
      }
    }
    if (!tagsOf(i).equals(a.tags())) {
      m |= bit(Attribute.TAGS);
    }
    return m;
  }

  private void write(int i, CustomerAttributes a, int tierOrdinal, long changed) {
    boolean fresh = changed == -1L;
    int lp = day(a.lastPurchase());
    int en = day(a.enrolled());
    short bd = birthdayCode(a.birthday());
    if ((changed & bit(Attribute.RECENCY_DAYS)) != 0) {
      if (!fresh) {
        unbucket(purchaseDays, lastPurchase[i], i);
      }
      bucket(purchaseDays, lp, i);
    }
    if ((changed & bit(Attribute.TENURE_DAYS)) != 0) {
      if (!fresh) {
        unbucket(enrolledDays, enrolled[i], i);
      }
      bucket(enrolledDays, en, i);
    }
    if ((changed & bit(Attribute.BIRTHDAY)) != 0) {
      if (!fresh) {
        birthdays[birthday[i]].remove(i);
      }
      birthdays[bd].add(i);
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
    for (Channel c : Channel.values()) {
      long[] w = consent[c.ordinal()];
      if (a.consents().contains(c)) {
        w[i >>> 6] |= 1L << i;
      } else {
        w[i >>> 6] &= ~(1L << i);
      }
    }
    indexRow(i, changed);
    if ((changed & bit(Attribute.TAGS)) != 0) {
      if (!fresh) {
        for (Map.Entry<String, RoaringBitmap> e : tags.entrySet()) {
          if (!a.tags().contains(e.getKey())) {
            e.getValue().remove(i);
          }
        }
      }
      for (String t : a.tags()) {
        tags.computeIfAbsent(t, k -> new RoaringBitmap()).add(i);
      }
    }
  }

  private void indexRow(int i, long changed) {
    for (Attribute a : Attribute.values()) {
      Bsi b = index[a.ordinal()];
      if (b == null || (changed & bit(a)) == 0) {
        continue;
      }
      switch (a) {
        case RECENCY_DAYS -> date(b, purchasePresent, i, lastPurchase[i]);
        case TENURE_DAYS -> date(b, enrolledPresent, i, enrolled[i]);
        case POINTS_BALANCE -> {
          long v = points[i];
          setBit(pointsNegative, i, v < 0);
          b.set(i, Math.abs(v));
        }
        case BIRTHDAY -> b.set(i, birthday[i]);
        case TIER -> b.set(i, tier[i]);
        case LIFECYCLE_STAGE -> b.set(i, stage[i]);
        case CUSTOMER_TYPE -> b.set(i, type[i]);
        default -> b.set(i, Leaf.Range.value(this, a, i));
      }
    }
  }

  private static void date(Bsi b, long[] present, int i, int day) {
    setBit(present, i, day != NEVER);
    b.set(i, day == NEVER ? 0 : day - DATE_BASE);
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

  private static void bucket(TreeMap<Integer, RoaringBitmap> m, int day, int i) {
    m.computeIfAbsent(day, k -> new RoaringBitmap()).add(i);
  }

  private static void unbucket(TreeMap<Integer, RoaringBitmap> m, int day, int i) {
    RoaringBitmap b = m.get(day);
    if (b != null) {
      b.remove(i);
      if (b.isEmpty()) {
        m.remove(day);
      }
    }
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
    TreeMap<Integer, RoaringBitmap> m = enrolment ? enrolledDays : purchaseDays;
    int lo = (int) Math.max(Integer.MIN_VALUE, from);
    int hi = (int) Math.min(Integer.MAX_VALUE, to);
    if (lo > hi) {
      return 0;
    }
    int days = 0;
    for (RoaringBitmap b : m.subMap(lo, true, hi, true).values()) {
      into.or(b);
      days++;
    }
    return days;
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
    return (consent[channel][i >>> 6] & (1L << i)) != 0;
  }

  private Set<String> tagsOf(int i) {
    Set<String> s = new HashSet<>();
    for (Map.Entry<String, RoaringBitmap> e : tags.entrySet()) {
      if (e.getValue().contains(i)) {
        s.add(e.getKey());
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
    for (Channel c : Channel.values()) {
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
    return d.map(x -> (int) x.toEpochDay()).orElse(NEVER);
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
    return md.map(m -> (short) m.atYear(2000).getDayOfYear()).orElse((short) 0);
  }
}
