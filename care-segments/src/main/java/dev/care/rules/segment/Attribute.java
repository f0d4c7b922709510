package dev.care.rules.segment;

import java.util.Arrays;
import java.util.Optional;

/**
 * The customer attributes a segment definition may read, with their text names and kinds. This is
 * the declared schema of the segment language; the values of {@link Kind#ENUMERATION} attributes
 * come from the {@link SegmentSchema}.
 */
public enum Attribute {
  /** Days since the last purchase, relative to the engine's today; never purchased counts as ∞. */
  RECENCY_DAYS("recencyDays", Kind.DAYS_SINCE),
  /** Days since enrolment, relative to the engine's today; not enrolled counts as ∞. */
  TENURE_DAYS("tenureDays", Kind.DAYS_SINCE),
  /** Number of purchases in the analysis window. */
  FREQUENCY("frequency", Kind.NUMBER),
  /** Spend in the analysis window, in minor units of the program currency. */
  MONETARY("monetary", Kind.NUMBER),
  /** Points balance. */
  POINTS_BALANCE("pointsBalance", Kind.NUMBER),
  /** Satisfaction index, 0 to 100. */
  SATISFACTION_INDEX("satisfactionIndex", Kind.NUMBER),
  /** Complaints not yet resolved. */
  OPEN_COMPLAINTS("openComplaints", Kind.NUMBER),
  /** RFM recency score, 1 to 5 (0 when not scored). */
  RFM_R("rfmR", Kind.NUMBER),
  /** RFM frequency score, 1 to 5 (0 when not scored). */
  RFM_F("rfmF", Kind.NUMBER),
  /** RFM monetary score, 1 to 5 (0 when not scored). */
  RFM_M("rfmM", Kind.NUMBER),
  /** Probability that the customer is still active, in permille (0 to 1000). */
  P_ALIVE("pAlive", Kind.NUMBER),
  /** Current tier id; values declared by the {@link SegmentSchema}. */
  TIER("tier", Kind.ENUMERATION),
  /** Life-cycle stage ({@link dev.care.core.lifecycle.LifecycleStage} names). */
  LIFECYCLE_STAGE("lifecycleStage", Kind.ENUMERATION),
  /** Customer type ({@link dev.care.core.customer.CustomerType} names). */
  CUSTOMER_TYPE("customerType", Kind.ENUMERATION),
  /** Free-form tags, read by {@code hasTag(...)}. */
  TAGS("tags", Kind.TAGS),
  /** Consent per channel, read by {@code consent(...)}. */
  CONSENT("consent", Kind.CONSENT),
  /** Birthday (month and day), read by {@code birthdayWithin N days}. */
  BIRTHDAY("birthday", Kind.BIRTHDAY);

  /** What kind of value an attribute holds, which decides the operators it accepts. */
  public enum Kind {
    /** Whole number; comparisons and {@code between}. */
    NUMBER,
    /** Whole number of days since a stored date, relative to today; comparisons and between. */
    DAYS_SINCE,
    /** One of a declared set of names; {@code in (...)}, {@code =} and {@code !=}. */
    ENUMERATION,
    /** A set of tags; {@code hasTag(name)}. */
    TAGS,
    /** Consent flags per channel; {@code consent(CHANNEL)}. */
    CONSENT,
    /** A month and day; {@code birthdayWithin N days}. */
    BIRTHDAY
  }

  private final String textName;
  private final Kind kind;

  Attribute(String textName, Kind kind) {
    this.textName = textName;
    this.kind = kind;
  }

  /**
   * The name used in the text and JSON forms.
   *
   * @return the name, e.g. {@code recencyDays}
   */
  public String textName() {
    return textName;
  }

  /**
   * The kind of value.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether comparisons and ranges apply.
   *
   * @return true for numbers and days-since attributes
   */
  public boolean isNumeric() {
    return kind == Kind.NUMBER || kind == Kind.DAYS_SINCE;
  }

  /**
   * Looks an attribute up by its text name.
   *
   * @param textName the name, e.g. {@code frequency}
   * @return the attribute, or empty if there is none of that name
   */
  public static Optional<Attribute> byTextName(String textName) {
    return Arrays.stream(values()).filter(a -> a.textName.equals(textName)).findFirst();
  }
}
