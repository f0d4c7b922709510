package dev.care.benchmarks;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.CustomerAttributes;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * A customer as a plain mutable object: what the naive loop iterates over and what Drools holds as
 * a fact. Dates as epoch days ({@link #NEVER} when absent), birthday as day-of-leap-year code.
 */
public final class SegmentFact {
  /** Epoch day for "no date" (same convention as the care engine). */
  public static final long NEVER = Integer.MIN_VALUE / 2;

  private final int index;
  private long lastPurchaseDay;
  private long enrolledDay;
  private int frequency;
  private long monetary;
  private long pointsBalance;
  private int satisfactionIndex;
  private int openComplaints;
  private int rfmR;
  private int rfmF;
  private int rfmM;
  private int palive;
  private String tier;
  private String lifecycleStage;
  private String customerType;
  private Set<String> tags;
  private Set<String> consents;
  private int birthdayCode;

  /**
   * Creates a fact.
   *
   * @param index the customer index
   * @param a the attributes
   */
  public SegmentFact(int index, CustomerAttributes a) {
    this.index = index;
    set(a);
  }

  /**
   * Overwrites every attribute.
   *
   * @param a the attributes
   */
  public void set(CustomerAttributes a) {
    lastPurchaseDay = a.lastPurchase().map(LocalDate::toEpochDay).orElse(NEVER);
    enrolledDay = a.enrolled().map(LocalDate::toEpochDay).orElse(NEVER);
    frequency = a.frequency();
    monetary = a.monetary();
    pointsBalance = a.pointsBalance();
    satisfactionIndex = a.satisfactionIndex();
    openComplaints = a.openComplaints();
    rfmR = a.rfmR();
    rfmF = a.rfmF();
    rfmM = a.rfmM();
    palive = a.pAlive();
    tier = a.tier();
    lifecycleStage = a.lifecycleStage().name();
    customerType = a.customerType().name();
    tags = new HashSet<>(a.tags());
    consents = new HashSet<>();
    for (Channel c : a.consents()) {
      consents.add(c.name());
    }
    birthdayCode = a.birthday().map(m -> m.atYear(2000).getDayOfYear()).orElse(0);
  }

  /**
   * @return the customer index
   */
  public int getIndex() {
    return index;
  }

  /**
   * @return last purchase epoch day
   */
  public long getLastPurchaseDay() {
    return lastPurchaseDay;
  }

  /**
   * @return enrolment epoch day
   */
  public long getEnrolledDay() {
    return enrolledDay;
  }

  /**
   * @return frequency
   */
  public int getFrequency() {
    return frequency;
  }

  /**
   * @return monetary, minor units
   */
  public long getMonetary() {
    return monetary;
  }

  /**
   * @return points balance
   */
  public long getPointsBalance() {
    return pointsBalance;
  }

  /**
   * @return satisfaction index
   */
  public int getSatisfactionIndex() {
    return satisfactionIndex;
  }

  /**
   * @return open complaints
   */
  public int getOpenComplaints() {
    return openComplaints;
  }

  /**
   * @return RFM R
   */
  public int getRfmR() {
    return rfmR;
  }

  /**
   * @return RFM F
   */
  public int getRfmF() {
    return rfmF;
  }

  /**
   * @return RFM M
   */
  public int getRfmM() {
    return rfmM;
  }

  /**
   * @return P(alive) permille
   */
  public int getPalive() {
    return palive;
  }

  /**
   * @return tier id
   */
  public String getTier() {
    return tier;
  }

  /**
   * @return life-cycle stage name
   */
  public String getLifecycleStage() {
    return lifecycleStage;
  }

  /**
   * @return customer type name
   */
  public String getCustomerType() {
    return customerType;
  }

  /**
   * @return tags
   */
  public Set<String> getTags() {
    return tags;
  }

  /**
   * @return consented channel names
   */
  public Set<String> getConsents() {
    return consents;
  }

  /**
   * @return birthday code, 0 when unknown
   */
  public int getBirthdayCode() {
    return birthdayCode;
  }
}
