package dev.care.rules.segment;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.SegmentExpression.And;
import dev.care.rules.segment.SegmentExpression.Between;
import dev.care.rules.segment.SegmentExpression.BirthdayWithin;
import dev.care.rules.segment.SegmentExpression.Compare;
import dev.care.rules.segment.SegmentExpression.Consented;
import dev.care.rules.segment.SegmentExpression.HasTag;
import dev.care.rules.segment.SegmentExpression.In;
import dev.care.rules.segment.SegmentExpression.Not;
import dev.care.rules.segment.SegmentExpression.Or;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random expressions valid against {@link SegmentSchema#standard()}, for property tests. */
final class RandomExpressions {
  static final List<String> TAGS = List.of("vip", "staff", "2024-promo", "and", "b.c");
  private static final Attribute[] NUMERIC = {
    Attribute.RECENCY_DAYS,
    Attribute.TENURE_DAYS,
    Attribute.FREQUENCY,
    Attribute.MONETARY,
    Attribute.POINTS_BALANCE,
    Attribute.SATISFACTION_INDEX,
    Attribute.OPEN_COMPLAINTS,
    Attribute.RFM_R,
    Attribute.RFM_F,
    Attribute.RFM_M,
    Attribute.P_ALIVE
  };
  private static final Attribute[] ENUMS = {
    Attribute.TIER, Attribute.LIFECYCLE_STAGE, Attribute.CUSTOMER_TYPE
  };

  private RandomExpressions() {}

  static SegmentExpression expression(Random r, int depth) {
    int pick = depth <= 0 ? 3 + r.nextInt(6) : r.nextInt(9);
    switch (pick) {
      case 0, 1 -> {
        List<SegmentExpression> ops = new ArrayList<>();
        int n = 2 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          ops.add(expression(r, depth - 1));
        }
        return pick == 0 ? new And(ops) : new Or(ops);
      }
      case 2 -> {
        return new Not(expression(r, depth - 1));
      }
      case 3, 4 -> {
        Attribute a = NUMERIC[r.nextInt(NUMERIC.length)];
        return new Compare(
            a, Comparison.values()[r.nextInt(Comparison.values().length)], literal(r, a));
      }
      case 5 -> {
        Attribute a = NUMERIC[r.nextInt(NUMERIC.length)];
        long x = literal(r, a);
        long y = literal(r, a);
        return new Between(a, Math.min(x, y), Math.max(x, y));
      }
      case 6 -> {
        Attribute a = ENUMS[r.nextInt(ENUMS.length)];
        List<String> all = SegmentSchema.standard().values(a);
        List<String> vs = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          vs.add(all.get(r.nextInt(all.size())));
        }
        return new In(a, vs);
      }
      case 7 -> {
        return r.nextBoolean()
            ? new HasTag(TAGS.get(r.nextInt(TAGS.size())))
            : new Consented(Channel.values()[r.nextInt(Channel.values().length)]);
      }
      default -> {
        return new BirthdayWithin(r.nextInt(10) == 0 ? r.nextInt(367) : r.nextInt(31));
      }
    }
  }

  /** Literals near the interesting range of each attribute, sometimes extreme. */
  static long literal(Random r, Attribute a) {
    if (r.nextInt(40) == 0) {
      return r.nextBoolean() ? Long.MAX_VALUE - r.nextInt(3) : Long.MIN_VALUE + r.nextInt(3);
    }
    return switch (a) {
      case RECENCY_DAYS, TENURE_DAYS -> r.nextInt(800) - 20;
      case FREQUENCY -> r.nextInt(30) - 1;
      case MONETARY -> r.nextInt(200_000) - 10;
      case POINTS_BALANCE -> r.nextInt(20_000) - 100;
      case SATISFACTION_INDEX -> r.nextInt(102) - 1;
      case OPEN_COMPLAINTS -> r.nextInt(6) - 1;
      case RFM_R, RFM_F, RFM_M -> r.nextInt(7) - 1;
      case P_ALIVE -> r.nextInt(1002) - 1;
      default -> throw new IllegalArgumentException(a.toString());
    };
  }
}
