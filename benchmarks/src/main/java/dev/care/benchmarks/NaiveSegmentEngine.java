package dev.care.benchmarks;

import dev.care.rules.segment.CustomerAttributes;
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
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.roaringbitmap.RoaringBitmap;

/**
 * The naive peer: a list of customer objects and one compiled lambda per segment; evaluation loops
 * over customers and tests every segment. No columns, no sharing, one thread.
 */
public final class NaiveSegmentEngine {
  private final SegmentFact[] customers;
  private final Predicate<SegmentFact>[] segments;

  /**
   * Compiles the definitions and copies the population into objects.
   *
   * @param definitions the segments
   * @param population the customers
   * @param today evaluation date
   */
  @SuppressWarnings("unchecked")
  public NaiveSegmentEngine(
      List<SegmentDefinition> definitions, List<CustomerAttributes> population, LocalDate today) {
    customers = new SegmentFact[population.size()];
    for (int i = 0; i < customers.length; i++) {
      customers[i] = new SegmentFact(i, population.get(i));
    }
    segments = new Predicate[definitions.size()];
    for (int s = 0; s < segments.length; s++) {
      segments[s] = compile(definitions.get(s).expression(), today.toEpochDay(), today);
    }
  }

  /**
   * Counts members of every segment.
   *
   * @return total membership
   */
  public long evaluateAll() {
    long total = 0;
    for (SegmentFact c : customers) {
      for (Predicate<SegmentFact> p : segments) {
        if (p.test(c)) {
          total++;
        }
      }
    }
    return total;
  }

  /**
   * Memberships, for the equality test.
   *
   * @return one bitmap per segment
   */
  public RoaringBitmap[] memberships() {
    RoaringBitmap[] out = new RoaringBitmap[segments.length];
    for (int s = 0; s < segments.length; s++) {
      out[s] = new RoaringBitmap();
      for (SegmentFact c : customers) {
        if (segments[s].test(c)) {
          out[s].add(c.getIndex());
        }
      }
    }
    return out;
  }

  static Predicate<SegmentFact> compile(SegmentExpression e, long today, LocalDate date) {
    if (e instanceof And a) {
      Predicate<SegmentFact> p = compile(a.operands().get(0), today, date);
      for (int i = 1; i < a.operands().size(); i++) {
        p = p.and(compile(a.operands().get(i), today, date));
      }
      return p;
    } else if (e instanceof Or o) {
      Predicate<SegmentFact> p = compile(o.operands().get(0), today, date);
      for (int i = 1; i < o.operands().size(); i++) {
        p = p.or(compile(o.operands().get(i), today, date));
      }
      return p;
    } else if (e instanceof Not n) {
      return compile(n.operand(), today, date).negate();
    } else if (e instanceof Compare c) {
      ToLongFunction<SegmentFact> f = value(c.attribute(), today);
      long v = c.value();
      return switch (c.op()) {
        case EQ -> x -> f.applyAsLong(x) == v;
        case NE -> x -> f.applyAsLong(x) != v;
        case LT -> x -> f.applyAsLong(x) < v;
        case LE -> x -> f.applyAsLong(x) <= v;
        case GT -> x -> f.applyAsLong(x) > v;
        case GE -> x -> f.applyAsLong(x) >= v;
      };
    } else if (e instanceof Between b) {
      ToLongFunction<SegmentFact> f = value(b.attribute(), today);
      long lo = b.low();
      long hi = b.high();
      return x -> {
        long v = f.applyAsLong(x);
        return v >= lo && v <= hi;
      };
    } else if (e instanceof In in) {
      Set<String> values = Set.copyOf(in.values());
      return switch (in.attribute()) {
        case TIER -> x -> values.contains(x.getTier());
        case LIFECYCLE_STAGE -> x -> values.contains(x.getLifecycleStage());
        default -> x -> values.contains(x.getCustomerType());
      };
    } else if (e instanceof HasTag t) {
      String tag = t.tag();
      return x -> x.getTags().contains(tag);
    } else if (e instanceof Consented c) {
      String channel = c.channel().name();
      return x -> x.getConsents().contains(channel);
    } else {
      boolean[] table = SegmentEvaluation.table(date, ((BirthdayWithin) e).days());
      return x -> x.getBirthdayCode() != 0 && table[x.getBirthdayCode()];
    }
  }

  private static ToLongFunction<SegmentFact> value(dev.care.rules.segment.Attribute a, long today) {
    return switch (a) {
      case RECENCY_DAYS -> x -> today - x.getLastPurchaseDay();
      case TENURE_DAYS -> x -> today - x.getEnrolledDay();
      case FREQUENCY -> SegmentFact::getFrequency;
      case MONETARY -> SegmentFact::getMonetary;
      case POINTS_BALANCE -> SegmentFact::getPointsBalance;
      case SATISFACTION_INDEX -> SegmentFact::getSatisfactionIndex;
      case OPEN_COMPLAINTS -> SegmentFact::getOpenComplaints;
      case RFM_R -> SegmentFact::getRfmR;
      case RFM_F -> SegmentFact::getRfmF;
      case RFM_M -> SegmentFact::getRfmM;
      case P_ALIVE -> SegmentFact::getPalive;
      default -> throw new IllegalArgumentException(a.toString());
    };
  }
}
