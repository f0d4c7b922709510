package dev.care.rules.segment;

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
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The obvious, slow meaning of an expression for one customer object, written independently of the
 * engine (ages with ChronoUnit, birthdays with LocalDate), and a random population generator.
 */
final class Reference {
  private Reference() {}

  static boolean matches(SegmentExpression e, CustomerAttributes c, LocalDate today) {
    if (e instanceof And a) {
      return a.operands().stream().allMatch(o -> matches(o, c, today));
    } else if (e instanceof Or o) {
      return o.operands().stream().anyMatch(x -> matches(x, c, today));
    } else if (e instanceof Not n) {
      return !matches(n.operand(), c, today);
    } else if (e instanceof Compare cmp) {
      return value(cmp.attribute(), c, today)
          .map(v -> cmp.op().test(v, cmp.value()))
          .orElse(
              // absent date: age is infinite
              cmp.op() == Comparison.GT || cmp.op() == Comparison.GE || cmp.op() == Comparison.NE);
    } else if (e instanceof Between b) {
      return value(b.attribute(), c, today)
          .map(v -> v >= b.low() && v <= b.high())
          .orElse(b.high() >= (1L << 40));
    } else if (e instanceof In in) {
      String v =
          switch (in.attribute()) {
            case TIER -> c.tier();
            case LIFECYCLE_STAGE -> c.lifecycleStage().name();
            default -> c.customerType().name();
          };
      return in.values().contains(v);
    } else if (e instanceof HasTag t) {
      return c.tags().contains(t.tag());
    } else if (e instanceof Consented k) {
      return c.consents().contains(k.channel());
    } else {
      int days = ((BirthdayWithin) e).days();
      if (c.birthday().isEmpty()) {
        return false;
      }
      MonthDay md = c.birthday().get();
      LocalDate next = md.atYear(today.getYear());
      if (next.isBefore(today)) {
        next = md.atYear(today.getYear() + 1);
      }
      return ChronoUnit.DAYS.between(today, next) <= days;
    }
  }

  private static java.util.Optional<Long> value(
      Attribute a, CustomerAttributes c, LocalDate today) {
    return switch (a) {
      case RECENCY_DAYS -> c.lastPurchase().map(d -> ChronoUnit.DAYS.between(d, today));
      case TENURE_DAYS -> c.enrolled().map(d -> ChronoUnit.DAYS.between(d, today));
      case FREQUENCY -> java.util.Optional.of((long) c.frequency());
      case MONETARY -> java.util.Optional.of(c.monetary());
      case POINTS_BALANCE -> java.util.Optional.of(c.pointsBalance());
      case SATISFACTION_INDEX -> java.util.Optional.of((long) c.satisfactionIndex());
      case OPEN_COMPLAINTS -> java.util.Optional.of((long) c.openComplaints());
      case RFM_R -> java.util.Optional.of((long) c.rfmR());
      case RFM_F -> java.util.Optional.of((long) c.rfmF());
      case RFM_M -> java.util.Optional.of((long) c.rfmM());
      case P_ALIVE -> java.util.Optional.of((long) c.pAlive());
      default -> throw new IllegalArgumentException(a.toString());
    };
  }

  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  static CustomerAttributes customer(Random r, LocalDate today) {
    CustomerAttributes.Builder b = CustomerAttributes.builder();
    if (r.nextInt(10) != 0) {
      b.lastPurchase(today.minusDays(r.nextInt(800) - 5));
    }
    if (r.nextInt(10) != 0) {
      b.enrolled(today.minusDays(r.nextInt(3000)));
    }
    b.frequency(r.nextInt(30))
        .monetary(r.nextInt(50) == 0 ? CustomerAttributes.MAX_AMOUNT : r.nextInt(200_000))
        .pointsBalance(
            r.nextInt(50) == 0
                ? (r.nextBoolean() ? 1 : -1) * CustomerAttributes.MAX_AMOUNT
                : r.nextInt(20_000) - 50)
        .satisfactionIndex(r.nextInt(101))
        .openComplaints(r.nextInt(4))
        .rfm(r.nextInt(6), r.nextInt(6), r.nextInt(6))
        .pAlive(r.nextInt(1001));
    List<String> tiers = SegmentSchema.standard().tiers();
    b.tier(tiers.get(r.nextInt(tiers.size())))
        .lifecycleStage(
            dev.care.core.lifecycle.LifecycleStage.values()[
                r.nextInt(dev.care.core.lifecycle.LifecycleStage.values().length)])
        .customerType(
            dev.care.core.customer.CustomerType.values()[
                r.nextInt(dev.care.core.customer.CustomerType.values().length)]);
    List<String> tags = new ArrayList<>();
    for (String t : RandomExpressions.TAGS) {
      if (r.nextInt(4) == 0) {
        tags.add(t);
      }
    }
    b.tags(Set.copyOf(tags));
    Set<dev.care.core.customer.Channel> cs =
        java.util.EnumSet.noneOf(dev.care.core.customer.Channel.class);
    for (dev.care.core.customer.Channel ch : dev.care.core.customer.Channel.values()) {
      if (r.nextBoolean()) {
        cs.add(ch);
      }
    }
    b.consents(cs);
    if (r.nextInt(8) != 0) {
      // birthdays clustered near today so that short windows match someone
      LocalDate d =
          r.nextBoolean()
              ? today.plusDays(r.nextInt(40) - 5)
              : LocalDate.ofYearDay(2000, 1 + r.nextInt(366));
      b.birthday(r.nextInt(30) == 0 ? MonthDay.of(2, 29) : MonthDay.from(d));
    }
    return b.build();
  }

  static List<CustomerAttributes> population(Random r, int n, LocalDate today) {
    List<CustomerAttributes> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(customer(r, today));
    }
    return out;
  }

  static List<SegmentDefinition> definitions(Random r, int n) {
    List<SegmentDefinition> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new SegmentDefinition(
              SegmentId.of("s" + i), "S" + i, RandomExpressions.expression(r, 1 + r.nextInt(3))));
    }
    return out;
  }
}
