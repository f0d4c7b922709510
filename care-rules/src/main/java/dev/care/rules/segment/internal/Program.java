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

  /**
   * Evaluates segment {@code s} for one row, directly on the columns.
   *
   * @param s the segment index
   * @param c the store
   * @param row the row
   * @return membership
   */
  public boolean test(int s, Columns c, int row) {
    return eval(roots[s], c, row);
  }

  private boolean eval(Node n, Columns c, int row) {
    if (n instanceof LeafRef l) {
      return test(leaves[l.id()], c, row);
    } else if (n instanceof AndNode a) {
      for (Node o : a.operands()) {
        if (!eval(o, c, row)) {
          return false;
        }
      }
      return true;
    } else if (n instanceof OrNode o) {
      for (Node x : o.operands()) {
        if (eval(x, c, row)) {
          return true;
        }
      }
      return false;
    } else {
      return !eval(((NotNode) n).operand(), c, row);
    }
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
