package dev.care.core.customer;

/** Who the customer is toward us; care is targeted by type. */
public enum CustomerType {
  /** Looks around, no intent yet. */
  CASUAL_ONLOOKER,
  /** Interested but undecided. */
  INTERESTED_UNDECIDED,
  /** Buys from us regularly. */
  ACTIVE,
  /** Has a problem with us. */
  DISSATISFIED,
  /** Used to buy, has left. */
  PAST,
  /** Bought, but has not fully used what they bought. */
  UNDER_USER,
  /** Uses a competitor's product. */
  COMPETITOR_USER
}
