package dev.care.benchmarks;

import dev.care.rules.segment.Attribute;
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
import java.util.stream.Collectors;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.utils.KieHelper;

/**
 * The Drools peer (Drools 10.2.0, DRL compiled in memory). One rule per segment, generated from the
 * same definitions:
 *
 * <pre>
 * rule "s0" when
 *   $e : SegmentEvaluation()
 *   $c : SegmentFact( tier in ("GOLD", "PLATINUM") &amp;&amp; ($e.today - lastPurchaseDay) &gt; 60 ... )
 * then hits.hit(0, $c.getIndex()); end
 * </pre>
 *
 * Facts are inserted once, at construction, so Drools' alpha network has already filtered the
 * static conditions before anything is measured (this favours Drools). {@link #evaluateAll()}
 * inserts the control fact carrying today, fires (date-relative constraints are evaluated here, as
 * joins against it; every match runs its consequence once), and deletes it again. Updates modify
 * one fact with the control fact present; the rules it still or newly matches fire again.
 */
public final class DroolsSegmentEngine implements AutoCloseable {
  private final KieSession session;
  private final SegmentHits hits;
  private final SegmentFact[] facts;
  private final FactHandle[] handles;
  private final LocalDate today;
  private FactHandle evaluation;

  /**
   * Builds the rule base and inserts the population.
   *
   * @param definitions the segments
   * @param population the customers
   * @param today evaluation date
   * @param recording whether to keep memberships (for updates and tests)
   */
  public DroolsSegmentEngine(
      List<SegmentDefinition> definitions,
      List<CustomerAttributes> population,
      LocalDate today,
      boolean recording) {
    this.today = today;
    KieBase base = new KieHelper().addContent(drl(definitions), ResourceType.DRL).build();
    session = base.newKieSession();
    hits = new SegmentHits(definitions.size(), recording);
    session.setGlobal("hits", hits);
    facts = new SegmentFact[population.size()];
    handles = new FactHandle[population.size()];
    for (int i = 0; i < facts.length; i++) {
      facts[i] = new SegmentFact(i, population.get(i));
      handles[i] = session.insert(facts[i]);
    }
  }

  /**
   * Full evaluation: insert the control fact, fire, withdraw it.
   *
   * @return total membership
   */
  public long evaluateAll() {
    hits.reset();
    FactHandle h = session.insert(new SegmentEvaluation(today));
    session.fireAllRules();
    session.delete(h);
    return hits.total();
  }

  /** Inserts the control fact for good and fires: memberships are then kept by {@link #update}. */
  public void startIncremental() {
    hits.reset();
    evaluation = session.insert(new SegmentEvaluation(today));
    session.fireAllRules();
  }

  /**
   * Changes one customer and brings all segments up to date.
   *
   * @param customer index
   * @param attributes the new values
   */
  public void update(int customer, CustomerAttributes attributes) {
    if (evaluation == null) {
      throw new IllegalStateException("call startIncremental() first");
    }
    hits.forget(customer);
    facts[customer].set(attributes);
    session.update(handles[customer], facts[customer]);
    session.fireAllRules();
  }

  /**
   * @return the collector (memberships when recording)
   */
  public SegmentHits hits() {
    return hits;
  }

  @Override
  public void close() {
    session.dispose();
  }

  /**
   * Generates the DRL.
   *
   * @param definitions the segments
   * @return the rule file
   */
  public static String drl(List<SegmentDefinition> definitions) {
    StringBuilder b = new StringBuilder();
    b.append("package dev.care.benchmarks.drl;\n")
        .append("import dev.care.benchmarks.SegmentFact;\n")
        .append("import dev.care.benchmarks.SegmentEvaluation;\n")
        .append("global dev.care.benchmarks.SegmentHits hits;\n\n");
    for (int s = 0; s < definitions.size(); s++) {
      b.append("rule \"")
          .append(definitions.get(s).id().value())
          .append("\"\nwhen\n  $e : SegmentEvaluation()\n  $c : SegmentFact( ")
          .append(constraint(definitions.get(s).expression()))
          .append(" )\nthen\n  hits.hit(")
          .append(s)
          .append(", $c.getIndex());\nend\n\n");
    }
    return b.toString();
  }

  private static String constraint(SegmentExpression e) {
    if (e instanceof And a) {
      return a.operands().stream()
          .map(DroolsSegmentEngine::constraint)
          .collect(Collectors.joining(" && ", "(", ")"));
    } else if (e instanceof Or o) {
      return o.operands().stream()
          .map(DroolsSegmentEngine::constraint)
          .collect(Collectors.joining(" || ", "(", ")"));
    } else if (e instanceof Not n) {
      return "!(" + constraint(n.operand()) + ")";
    } else if (e instanceof Compare c) {
      String op = c.op().symbol().equals("=") ? "==" : c.op().symbol();
      return "(" + field(c.attribute()) + " " + op + " " + c.value() + ")";
    } else if (e instanceof Between b) {
      String f = field(b.attribute());
      return "(" + f + " >= " + b.low() + " && " + f + " <= " + b.high() + ")";
    } else if (e instanceof In in) {
      String f =
          switch (in.attribute()) {
            case TIER -> "tier";
            case LIFECYCLE_STAGE -> "lifecycleStage";
            default -> "customerType";
          };
      return in.values().stream()
          .map(v -> "\"" + v + "\"")
          .collect(Collectors.joining(", ", f + " in (", ")"));
    } else if (e instanceof HasTag t) {
      return "tags contains \"" + t.tag() + "\"";
    } else if (e instanceof Consented c) {
      return "consents contains \"" + c.channel().name() + "\"";
    } else {
      return "$e.birthdayWithin(birthdayCode, " + ((BirthdayWithin) e).days() + ")";
    }
  }

  private static String field(Attribute a) {
    return switch (a) {
      case RECENCY_DAYS -> "($e.today - lastPurchaseDay)";
      case TENURE_DAYS -> "($e.today - enrolledDay)";
      case FREQUENCY -> "frequency";
      case MONETARY -> "monetary";
      case POINTS_BALANCE -> "pointsBalance";
      case SATISFACTION_INDEX -> "satisfactionIndex";
      case OPEN_COMPLAINTS -> "openComplaints";
      case RFM_R -> "rfmR";
      case RFM_F -> "rfmF";
      case RFM_M -> "rfmM";
      case P_ALIVE -> "palive";
      default -> throw new IllegalArgumentException(a.toString());
    };
  }
}
