package dev.care.rules.segment.internal;

import dev.care.rules.segment.Attribute;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentExpression;
import dev.care.rules.segment.SegmentExpression.And;
import dev.care.rules.segment.SegmentExpression.Between;
import dev.care.rules.segment.SegmentExpression.BirthdayWithin;
import dev.care.rules.segment.SegmentExpression.Compare;
import dev.care.rules.segment.SegmentExpression.Consented;
import dev.care.rules.segment.SegmentExpression.HasTag;
import dev.care.rules.segment.SegmentExpression.In;
import dev.care.rules.segment.SegmentExpression.Not;
import dev.care.rules.segment.SegmentExpression.Or;
import dev.care.rules.segment.SegmentSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled form of a set of segment definitions for one {@code today}: the distinct leaves (a
 * leaf used by several segments is scanned once per evaluation) and one operator tree per segment
 * over leaf ids, plus what each segment reads. Immutable.
 */
public final class Program {
  /** Operator tree over leaf ids. */
  sealed interface Node {}

  /** A leaf by id. */
  record LeafRef(int id) implements Node {}

  /** Conjunction. */
  record AndNode(Node[] operands) implements Node {}

  /** Disjunction. */
  record OrNode(Node[] operands) implements Node {}

  /** Negation. */
  record NotNode(Node operand) implements Node {}

  private static final long DATE_RELATIVE =
      1L << Attribute.RECENCY_DAYS.ordinal()
          | 1L << Attribute.TENURE_DAYS.ordinal()
          | 1L << Attribute.BIRTHDAY.ordinal();

  final LocalDate today;
  final Leaf[] leaves;
  final Node[] roots;
  final long[] reads;
  final int[][] leavesOf;

  // Row tests without walking objects: every leaf as a few primitive-array slots over the packed
  // rows of Columns, tested branch-free into a bit of a leaf word; every segment that is an and/or
  // of (possibly negated) leaves as leaf-word masks, so that it is a couple of word operations.

  private static final byte RANGE = 0;
  private static final byte UNSIGNED_RANGE = 1;
  private static final byte ORDINAL_IN_MASK = 2;
  private static final byte BIT = 3;
  private static final byte OTHER = 4;
  private static final int KINDS = 5;

  /**
   * Largest magnitude of a range bound (and of a stored value) for which the branch-free range test
   * cannot overflow; the domains of {@link Columns} stay within it.
   */
  private static final long BOUND = dev.care.rules.segment.CustomerAttributes.MAX_AMOUNT;

  private final byte[] kind;
  private final int[] word;
  private final int[] shiftLeft;
  private final int[] shiftRight;
  private final long[] low;
  private final long[] high;

  /** Leaf words: {@code ceil(leaves / 64)}. */
  private final int leafWords;

  /** Per kind, the leaves of that kind ({@code leafWords} words per kind). */
  private final long[] ofKind;

  /** Per segment, the leaves it reads ({@code leafWords} words per segment). */
  private final long[] uses;

  /**
   * Per flat segment: the leaves it tests ({@code leafWords} words each) and which of them negated;
   * the segment holds when no tested leaf is false after negation, then XOR {@link #negateResult}.
   * A disjunction is stored as the negation of the conjunction of the negations.
   */
  private final long[] tested;

  private final long[] negated;
  private final boolean[] negateResult;
  private final boolean[] flat;

  private Program(LocalDate today, Leaf[] leaves, Node[] roots, long[] reads) {
    this.today = today;
    this.leaves = leaves;
    this.roots = roots;
    this.reads = reads;
    this.leavesOf = new int[roots.length][];
    for (int s = 0; s < roots.length; s++) {
      List<Integer> ids = new ArrayList<>();
      collect(roots[s], ids);
      leavesOf[s] = ids.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    int n = leaves.length;
    leafWords = Math.max(1, (n + 63) >>> 6);
    kind = new byte[n];
    word = new int[n];
    shiftLeft = new int[n];
    shiftRight = new int[n];
    low = new long[n];
    high = new long[n];
    ofKind = new long[KINDS * leafWords];
    for (int l = 0; l < n; l++) {
      flattenLeaf(l, leaves[l]);
      ofKind[kind[l] * leafWords + (l >>> 6)] |= 1L << l;
    }
    int segments = roots.length;
    uses = new long[segments * leafWords];
    tested = new long[segments * leafWords];
    negated = new long[segments * leafWords];
    negateResult = new boolean[segments];
    flat = new boolean[segments];
    for (int s = 0; s < segments; s++) {
      for (int l : leavesOf[s]) {
        uses[s * leafWords + (l >>> 6)] |= 1L << l;
      }
      flattenSegment(s, roots[s]);
    }
  }

  private void flattenLeaf(int l, Leaf leaf) {
    kind[l] = OTHER;
    if (leaf instanceof Leaf.Range r && Math.abs(r.lo()) <= BOUND && Math.abs(r.hi()) <= BOUND) {
      kind[l] = Columns.signed(r.attribute()) ? RANGE : UNSIGNED_RANGE;
      place(l, r.attribute());
      low[l] = r.lo();
      high[l] = r.hi();
    } else if (leaf instanceof Leaf.Mask m) {
      kind[l] = ORDINAL_IN_MASK;
      place(l, m.attribute());
      low[l] = m.mask();
    } else if (leaf instanceof Leaf.Consent k) {
      // the consent field holds a bit per channel, from its lowest bit
      kind[l] = BIT;
      place(l, Attribute.CONSENT);
      low[l] = 1L << (Columns.shift(Attribute.CONSENT) + k.channel().ordinal());
    } else if (leaf instanceof Leaf.Tag t && t.id() < Columns.TAG_BITS) {
      kind[l] = BIT;
      place(l, Attribute.TAGS);
      low[l] = 1L << t.id();
    }
  }

  private void place(int l, Attribute a) {
    word[l] = Columns.wordOf(a);
    shiftLeft[l] = Columns.shiftLeft(a);
    shiftRight[l] = Columns.shiftRight(a);
  }

  /** A segment whose root is a leaf, or an and/or (under any number of nots) of leaves. */
  private void flattenSegment(int s, Node root) {
    Node n = root;
    boolean out = false;
    while (n instanceof NotNode x) {
      n = x.operand();
      out = !out;
    }
    Node[] operands;
    boolean or;
    if (n instanceof LeafRef) {
      operands = new Node[] {n};
      or = false;
    } else if (n instanceof AndNode a) {
      operands = a.operands();
      or = false;
    } else {
      operands = ((OrNode) n).operands();
      or = true;
    }
    long[] t = new long[leafWords];
    long[] neg = new long[leafWords];
    for (Node operand : operands) {
      Node o = operand;
      // a or b = not (not a and not b)
      boolean not = or;
      while (o instanceof NotNode x) {
        o = x.operand();
        not = !not;
      }
      if (!(o instanceof LeafRef ref)) {
        return;
      }
      int l = ref.id();
      long bit = 1L << l;
      if ((t[l >>> 6] & bit) != 0 && ((neg[l >>> 6] & bit) != 0) != not) {
        // a leaf both required and forbidden: the conjunction is constant false
        return;
      }
      t[l >>> 6] |= bit;
      if (not) {
        neg[l >>> 6] |= bit;
      }
    }
    System.arraycopy(t, 0, tested, s * leafWords, leafWords);
    System.arraycopy(neg, 0, negated, s * leafWords, leafWords);
    negateResult[s] = out != or;
    flat[s] = true;
  }

  /**
   * Words of scratch space {@link #testAll} needs.
   *
   * @return the length
   */
  public int scratchWords() {
    return leafWords;
  }

  /**
   * Tests one row against several segments at once.
   *
   * @param k the segment word: segments {@code 64k .. 64k+63}
   * @param segments bit {@code b} set to test segment {@code 64k + b}
   * @param c the store
   * @param row the row
   * @param scratch {@link #scratchWords()} words, overwritten
   * @return the segments of {@code segments} the row belongs to
   */
  public long testAll(int k, long segments, Columns c, int row, long[] scratch) {
    int lw = leafWords;
    int base = k << 6;
    long[] need = scratch;
    java.util.Arrays.fill(need, 0, lw, 0L);
    for (long m = segments; m != 0; m &= m - 1) {
      int s = base + Long.numberOfTrailingZeros(m);
      for (int w = 0; w < lw; w++) {
        need[w] |= uses[s * lw + w];
      }
    }
    long[] rows = c.rows;
    int r = row * Columns.STRIDE;
    for (int w = 0; w < lw; w++) {
      need[w] = leafBits(w, need[w], c, row, rows, r);
    }
    long result = 0;
    for (long m = segments; m != 0; m &= m - 1) {
      int b = Long.numberOfTrailingZeros(m);
      int s = base + b;
      long hit;
      if (flat[s]) {
        long failed = 0;
        for (int w = 0; w < lw; w++) {
          int at = s * lw + w;
          failed |= ~(need[w] ^ negated[at]) & tested[at];
        }
        // 1 when no tested leaf failed, flipped for a negated result
        hit = (((failed | -failed) >>> 63) ^ 1) ^ (negateResult[s] ? 1 : 0);
      } else {
        hit = eval(roots[s], need) ? 1 : 0;
      }
      result |= hit << b;
    }
    return result;
  }

  /** Tests the leaves {@code 64w + i} for bits {@code i} of {@code need}; one kind at a time. */
  private long leafBits(int w, long need, Columns c, int row, long[] rows, int r) {
    int lw = leafWords;
    int base = w << 6;
    long bits = 0;
    for (long m = need & ofKind[RANGE * lw + w]; m != 0; m &= m - 1) {
      int i = Long.numberOfTrailingZeros(m);
      int l = base + i;
      long v = (rows[r + word[l]] << shiftLeft[l]) >> shiftRight[l];
      // in range when neither difference is negative (values and bounds are within ±2^62)
      bits |= (~((v - low[l]) | (high[l] - v)) >>> 63) << i;
    }
    for (long m = need & ofKind[UNSIGNED_RANGE * lw + w]; m != 0; m &= m - 1) {
      int i = Long.numberOfTrailingZeros(m);
      int l = base + i;
      long v = (rows[r + word[l]] << shiftLeft[l]) >>> shiftRight[l];
      bits |= (~((v - low[l]) | (high[l] - v)) >>> 63) << i;
    }
    for (long m = need & ofKind[ORDINAL_IN_MASK * lw + w]; m != 0; m &= m - 1) {
      int i = Long.numberOfTrailingZeros(m);
      int l = base + i;
      long v = (rows[r + word[l]] << shiftLeft[l]) >>> shiftRight[l];
      bits |= ((low[l] >>> v) & 1L) << i;
    }
    for (long m = need & ofKind[BIT * lw + w]; m != 0; m &= m - 1) {
      int i = Long.numberOfTrailingZeros(m);
      int l = base + i;
      long x = rows[r + word[l]] & low[l];
      bits |= ((x | -x) >>> 63) << i;
    }
    for (long m = need & ofKind[OTHER * lw + w]; m != 0; m &= m - 1) {
      int i = Long.numberOfTrailingZeros(m);
      if (test(leaves[base + i], c, row)) {
        bits |= 1L << i;
      }
    }
    return bits;
  }

  /** A segment's tree over leaf values already tested. */
  private static boolean eval(Node n, long[] leafBits) {
    if (n instanceof LeafRef l) {
      return ((leafBits[l.id() >>> 6] >>> l.id()) & 1L) != 0;
    } else if (n instanceof AndNode a) {
      for (Node o : a.operands()) {
        if (!eval(o, leafBits)) {
          return false;
        }
      }
      return true;
    } else if (n instanceof OrNode o) {
      for (Node x : o.operands()) {
        if (eval(x, leafBits)) {
          return true;
        }
      }
      return false;
    } else {
      return !eval(((NotNode) n).operand(), leafBits);
    }
  }

  private static void collect(Node n, List<Integer> ids) {
    if (n instanceof LeafRef l) {
      ids.add(l.id());
    } else if (n instanceof AndNode a) {
      for (Node o : a.operands()) {
        collect(o, ids);
      }
    } else if (n instanceof OrNode o) {
      for (Node x : o.operands()) {
        collect(x, ids);
      }
    } else {
      collect(((NotNode) n).operand(), ids);
    }
  }

  /**
   * Compiles definitions for a given today.
   *
   * @param definitions the segments, in index order
   * @param schema declares enumeration values (definitions must already be validated)
   * @param columns the store the program runs on; tag leaves take their tag ids from it
   * @param today the date days-since and birthday conditions are relative to
   * @return the program
   */
  public static Program compile(
      List<SegmentDefinition> definitions, SegmentSchema schema, Columns columns, LocalDate today) {
    Map<Leaf, Integer> ids = new LinkedHashMap<>();
    Node[] roots = new Node[definitions.size()];
    long[] reads = new long[definitions.size()];
    long epochDay = today.toEpochDay();
    for (int s = 0; s < roots.length; s++) {
      SegmentExpression e = definitions.get(s).expression();
      roots[s] = node(e, ids, schema, columns, today, epochDay);
      reads[s] = reads(e);
    }
    return new Program(today, ids.keySet().toArray(new Leaf[0]), roots, reads);
  }

  /**
   * A copy of this program for another today (only date-relative leaves change).
   *
   * @param definitions the same definitions
   * @param schema the schema
   * @param columns the store
   * @param newToday the new date
   * @return the program
   */
  public Program at(
      List<SegmentDefinition> definitions,
      SegmentSchema schema,
      Columns columns,
      LocalDate newToday) {
    return compile(definitions, schema, columns, newToday);
  }

  /**
   * Number of segments.
   *
   * @return the count
   */
  public int segments() {
    return roots.length;
  }

  /**
   * Number of distinct leaves.
   *
   * @return the count
   */
  public int leafCount() {
    return leaves.length;
  }

  /**
   * Attributes segment {@code s} reads, a bit per {@link Attribute#ordinal()}.
   *
   * @param s the segment index
   * @return the mask
   */
  public long reads(int s) {
    return reads[s];
  }

  /**
   * Whether segment {@code s} depends on today.
   *
   * @param s the segment index
   * @return true if it reads a days-since attribute or birthdays
   */
  public boolean dateRelative(int s) {
    return (reads[s] & DATE_RELATIVE) != 0;
  }

  /**
   * The leaves (for boundary computation when today moves).
   *
   * @return the leaves
   */
  public List<Leaf> leaves() {
    return List.of(leaves);
  }

  /** Dispatches on the leaf's (final) class so that each test is a direct, inlinable call. */
  private static boolean test(Leaf l, Columns c, int row) {
    if (l instanceof Leaf.Range r) {
      return r.test(c, row);
    } else if (l instanceof Leaf.Mask m) {
      return m.test(c, row);
    } else if (l instanceof Leaf.Consent k) {
      return k.test(c, row);
    } else if (l instanceof Leaf.Tag t) {
      return t.test(c, row);
    } else if (l instanceof Leaf.Birthday b) {
      return b.test(c, row);
    }
    return l.test(c, row);
  }

  private static long reads(SegmentExpression e) {
    if (e instanceof And a) {
      return a.operands().stream().mapToLong(Program::reads).reduce(0, (x, y) -> x | y);
    } else if (e instanceof Or o) {
      return o.operands().stream().mapToLong(Program::reads).reduce(0, (x, y) -> x | y);
    } else if (e instanceof Not n) {
      return reads(n.operand());
    } else if (e instanceof Compare c) {
      return 1L << c.attribute().ordinal();
    } else if (e instanceof Between b) {
      return 1L << b.attribute().ordinal();
    } else if (e instanceof In i) {
      return 1L << i.attribute().ordinal();
    } else if (e instanceof HasTag) {
      return 1L << Attribute.TAGS.ordinal();
    } else if (e instanceof Consented) {
      return 1L << Attribute.CONSENT.ordinal();
    } else {
      return 1L << Attribute.BIRTHDAY.ordinal();
    }
  }

  private static Node node(
      SegmentExpression e,
      Map<Leaf, Integer> ids,
      SegmentSchema schema,
      Columns columns,
      LocalDate t,
      long day) {
    if (e instanceof And a) {
      return new AndNode(
          a.operands().stream()
              .map(o -> node(o, ids, schema, columns, t, day))
              .toArray(Node[]::new));
    } else if (e instanceof Or o) {
      return new OrNode(
          o.operands().stream()
              .map(x -> node(x, ids, schema, columns, t, day))
              .toArray(Node[]::new));
    } else if (e instanceof Not n) {
      return new NotNode(node(n.operand(), ids, schema, columns, t, day));
    } else if (e instanceof Compare c) {
      long v = c.value();
      return switch (c.op()) {
        case EQ -> leaf(range(c.attribute(), v, v, day), ids);
        case NE -> new NotNode(leaf(range(c.attribute(), v, v, day), ids));
        case LT ->
            v == Long.MIN_VALUE
                ? leaf(new Leaf.Const(false), ids)
                : leaf(range(c.attribute(), Long.MIN_VALUE, v - 1, day), ids);
        case LE -> leaf(range(c.attribute(), Long.MIN_VALUE, v, day), ids);
        case GT ->
            v == Long.MAX_VALUE
                ? leaf(new Leaf.Const(false), ids)
                : leaf(range(c.attribute(), v + 1, Long.MAX_VALUE, day), ids);
        case GE -> leaf(range(c.attribute(), v, Long.MAX_VALUE, day), ids);
      };
    } else if (e instanceof Between b) {
      return leaf(range(b.attribute(), b.low(), b.high(), day), ids);
    } else if (e instanceof In i) {
      long mask = 0;
      for (String v : i.values()) {
        int o = schema.ordinal(i.attribute(), v);
        if (o < 0) {
          throw new IllegalStateException("unvalidated value " + v);
        }
        mask |= 1L << o;
      }
      return leaf(new Leaf.Mask(i.attribute(), mask), ids);
    } else if (e instanceof HasTag h) {
      return leaf(new Leaf.Tag(h.tag(), columns.tagId(h.tag())), ids);
    } else if (e instanceof Consented c) {
      return leaf(new Leaf.Consent(c.channel()), ids);
    } else {
      return leaf(new Leaf.Birthday(((BirthdayWithin) e).days(), t), ids);
    }
  }

  private static Node leaf(Leaf l, Map<Leaf, Integer> ids) {
    return new LeafRef(ids.computeIfAbsent(l, k -> ids.size()));
  }

  private static final long BIG = 1L << 40;

  /** Normalises {@code attribute in [lo, hi]} to a range on the stored column, or a constant. */
  static Leaf range(Attribute a, long lo, long hi, long today) {
    if (a.kind() == Attribute.Kind.DAYS_SINCE) {
      // age in [lo, hi]  <=>  stored day in [today - hi, today - lo]; ages beyond ±2^40 days are ∞
      long l = Math.max(-BIG, Math.min(BIG, lo));
      long h = Math.max(-BIG, Math.min(BIG, hi));
      long dayLo = h >= BIG ? Long.MIN_VALUE : today - h;
      long dayHi = l <= -BIG ? Long.MAX_VALUE : today - l;
      if (h >= BIG) {
        // unbounded above: "no date" (age ∞) is in, however large the lower bound
        dayHi = Math.max(dayHi, Columns.NEVER);
      } else {
        // bounded above: "no date" is out, however large the upper bound
        dayLo = Math.max(dayLo, Columns.NEVER + 1L);
      }
      return clamp(a, dayLo, dayHi, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    return switch (a) {
      case FREQUENCY -> clamp(a, lo, hi, 0, Integer.MAX_VALUE);
      case MONETARY -> clamp(a, lo, hi, 0, dev.care.rules.segment.CustomerAttributes.MAX_AMOUNT);
      case POINTS_BALANCE ->
          clamp(
              a,
              lo,
              hi,
              -dev.care.rules.segment.CustomerAttributes.MAX_AMOUNT,
              dev.care.rules.segment.CustomerAttributes.MAX_AMOUNT);
      case SATISFACTION_INDEX -> clamp(a, lo, hi, 0, 100);
      case OPEN_COMPLAINTS -> clamp(a, lo, hi, 0, Short.MAX_VALUE);
      case RFM_R, RFM_F, RFM_M -> clamp(a, lo, hi, 0, 5);
      case P_ALIVE -> clamp(a, lo, hi, 0, 1000);
      default -> throw new IllegalStateException("not numeric: " + a);
    };
  }

  private static Leaf clamp(Attribute a, long lo, long hi, long min, long max) {
    long l = Math.max(lo, min);
    long h = Math.min(hi, max);
    if (l > h) {
      return new Leaf.Const(false);
    }
    if (l == min && h == max) {
      return new Leaf.Const(true);
    }
    return new Leaf.Range(a, l, h);
  }
}
