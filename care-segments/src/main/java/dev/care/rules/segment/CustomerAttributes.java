package dev.care.rules.segment;

import dev.care.core.customer.Channel;
import dev.care.core.customer.CustomerType;
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.rules.segment.internal.ChannelSet;
import dev.care.rules.segment.internal.TagSet;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the segment engine knows about one customer: the values its attributes read. Dates are
 * stored, not ages, so {@code recencyDays} follows the engine's today.
 *
 * @param lastPurchase date of the last purchase, empty if none
 * @param enrolled enrolment date, empty if unknown
 * @param frequency purchases in the analysis window, 0 or more
 * @param monetary spend in the window in minor units, 0 to 2^62 - 1
 * @param pointsBalance points balance, -(2^62 - 1) to 2^62 - 1
 * @param satisfactionIndex 0 to 100
 * @param openComplaints 0 to 32767
 * @param rfmR RFM recency score, 0 (not scored) to 5
 * @param rfmF RFM frequency score, 0 to 5
 * @param rfmM RFM monetary score, 0 to 5
 * @param pAlive probability of being alive, in permille, 0 to 1000
 * @param tier tier id, declared by the engine's {@link SegmentSchema}
 * @param lifecycleStage life-cycle stage
 * @param customerType customer type
 * @param tags tags, each a name
 * @param consents channels the customer consented to
 * @param birthday month and day of birth, empty if unknown
 */
public record CustomerAttributes(
    Optional<LocalDate> lastPurchase,
    Optional<LocalDate> enrolled,
    int frequency,
    long monetary,
    long pointsBalance,
    int satisfactionIndex,
    int openComplaints,
    int rfmR,
    int rfmF,
    int rfmM,
    int pAlive,
    String tier,
    LifecycleStage lifecycleStage,
    CustomerType customerType,
    Set<String> tags,
    Set<Channel> consents,
    Optional<MonthDay> birthday) {

  /** Largest magnitude accepted for monetary and points values. */
  public static final long MAX_AMOUNT = (1L << 62) - 1;

  /** Validates and copies. */
  public CustomerAttributes {
    Objects.requireNonNull(lastPurchase, "lastPurchase");
    Objects.requireNonNull(enrolled, "enrolled");
    range("frequency", frequency, 0, Integer.MAX_VALUE);
    range("monetary", monetary, 0, MAX_AMOUNT);
    range("pointsBalance", pointsBalance, -MAX_AMOUNT, MAX_AMOUNT);
    range("satisfactionIndex", satisfactionIndex, 0, 100);
    range("openComplaints", openComplaints, 0, Short.MAX_VALUE);
    range("rfmR", rfmR, 0, 5);
    range("rfmF", rfmF, 0, 5);
    range("rfmM", rfmM, 0, 5);
    range("pAlive", pAlive, 0, 1000);
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(lifecycleStage, "lifecycleStage");
    Objects.requireNonNull(customerType, "customerType");
    tags = TagSet.copyOf(tags);
    for (String t : tags) {
      if (!SegmentExpression.NAME.matcher(t).matches()) {
        throw new IllegalArgumentException("tag must be a name, got '" + t + "'");
      }
    }
    consents = ChannelSet.copyOf(consents);
    Objects.requireNonNull(birthday, "birthday");
    lastPurchase.ifPresent(CustomerAttributes::checkDate);
    enrolled.ifPresent(CustomerAttributes::checkDate);
  }

  private static void checkDate(LocalDate d) {
    if (d.getYear() < 1900 || d.getYear() > 9999) {
      throw new IllegalArgumentException("date must be in years 1900..9999, got " + d);
    }
  }

  private static void range(String name, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
    }
  }

  /**
   * A builder with neutral defaults: no purchase, tier {@code NONE}, stage {@code PROSPECT}, type
   * {@code CASUAL_ONLOOKER}, zeros, no tags, consents or birthday.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.lastPurchase = lastPurchase;
    b.enrolled = enrolled;
    b.frequency = frequency;
    b.monetary = monetary;
    b.pointsBalance = pointsBalance;
    b.satisfactionIndex = satisfactionIndex;
    b.openComplaints = openComplaints;
    b.rfmR = rfmR;
    b.rfmF = rfmF;
    b.rfmM = rfmM;
    b.pAlive = pAlive;
    b.tier = tier;
    b.lifecycleStage = lifecycleStage;
    b.customerType = customerType;
    b.tags = tags;
    b.consents = consents;
    b.birthday = birthday;
    return b;
  }

  /** Builds {@link CustomerAttributes}; every setter returns the builder. */
  public static final class Builder {
    private Optional<LocalDate> lastPurchase = Optional.empty();
    private Optional<LocalDate> enrolled = Optional.empty();
    private int frequency;
    private long monetary;
    private long pointsBalance;
    private int satisfactionIndex;
    private int openComplaints;
    private int rfmR;
    private int rfmF;
    private int rfmM;
    private int pAlive;
    private String tier = "NONE";
    private LifecycleStage lifecycleStage = LifecycleStage.PROSPECT;
    private CustomerType customerType = CustomerType.CASUAL_ONLOOKER;
    private Set<String> tags = Set.of();
    private Set<Channel> consents = Set.of();
    private Optional<MonthDay> birthday = Optional.empty();

    private Builder() {}

    /**
     * Sets the last purchase date.
     *
     * @param v the date
     * @return this
     */
    public Builder lastPurchase(LocalDate v) {
      lastPurchase = Optional.of(v);
      return this;
    }

    /**
     * Clears the last purchase date (never purchased).
     *
     * @return this
     */
    public Builder noPurchase() {
      lastPurchase = Optional.empty();
      return this;
    }

    /**
     * Sets the enrolment date.
     *
     * @param v the date
     * @return this
     */
    public Builder enrolled(LocalDate v) {
      enrolled = Optional.of(v);
      return this;
    }

    /**
     * Sets the frequency.
     *
     * @param v purchases
     * @return this
     */
    public Builder frequency(int v) {
      frequency = v;
      return this;
    }

    /**
     * Sets the monetary value.
     *
     * @param v minor units
     * @return this
     */
    public Builder monetary(long v) {
      monetary = v;
      return this;
    }

    /**
     * Sets the points balance.
     *
     * @param v points
     * @return this
     */
    public Builder pointsBalance(long v) {
      pointsBalance = v;
      return this;
    }

    /**
     * Sets the satisfaction index.
     *
     * @param v 0 to 100
     * @return this
     */
    public Builder satisfactionIndex(int v) {
      satisfactionIndex = v;
      return this;
    }

    /**
     * Sets the open complaints.
     *
     * @param v count
     * @return this
     */
    public Builder openComplaints(int v) {
      openComplaints = v;
      return this;
    }

    /**
     * Sets the RFM scores.
     *
     * @param r recency score
     * @param f frequency score
     * @param m monetary score
     * @return this
     */
    public Builder rfm(int r, int f, int m) {
      rfmR = r;
      rfmF = f;
      rfmM = m;
      return this;
    }

    /**
     * Sets P(alive).
     *
     * @param permille 0 to 1000
     * @return this
     */
    public Builder pAlive(int permille) {
      pAlive = permille;
      return this;
    }

    /**
     * Sets the tier.
     *
     * @param v tier id
     * @return this
     */
    public Builder tier(String v) {
      tier = v;
      return this;
    }

    /**
     * Sets the life-cycle stage.
     *
     * @param v the stage
     * @return this
     */
    public Builder lifecycleStage(LifecycleStage v) {
      lifecycleStage = v;
      return this;
    }

    /**
     * Sets the customer type.
     *
     * @param v the type
     * @return this
     */
    public Builder customerType(CustomerType v) {
      customerType = v;
      return this;
    }

    /**
     * Sets the tags.
     *
     * @param v the tags
     * @return this
     */
    public Builder tags(Set<String> v) {
      tags = v;
      return this;
    }

    /**
     * Sets the consents.
     *
     * @param v channels consented to
     * @return this
     */
    public Builder consents(Set<Channel> v) {
      consents = v;
      return this;
    }

    /**
     * Sets the birthday.
     *
     * @param v month and day
     * @return this
     */
    public Builder birthday(MonthDay v) {
      birthday = Optional.of(v);
      return this;
    }

    /**
     * Clears the birthday.
     *
     * @return this
     */
    public Builder noBirthday() {
      birthday = Optional.empty();
      return this;
    }

    /**
     * Builds the attributes.
     *
     * @return the validated value
     */
    public CustomerAttributes build() {
      return new CustomerAttributes(
          lastPurchase,
          enrolled,
          frequency,
          monetary,
          pointsBalance,
          satisfactionIndex,
          openComplaints,
          rfmR,
          rfmF,
          rfmM,
          pAlive,
          tier,
          lifecycleStage,
          customerType,
          tags,
          consents,
          birthday);
    }
  }
}
