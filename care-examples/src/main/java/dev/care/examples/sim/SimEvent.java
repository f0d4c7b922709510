package dev.care.examples.sim;

import dev.care.core.consumption.Purchase;
import dev.care.core.consumption.Return;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.ObservedFactor;
import dev.care.core.satisfaction.ServiceInteraction;
import java.time.Instant;
import java.util.List;

/** One thing that happens in the simulated salon. */
public sealed interface SimEvent {
  /**
   * When it happens.
   *
   * @return the instant
   */
  Instant at();

  /**
   * A new member joins.
   *
   * @param at when
   * @param customer the member's file
   * @param referrer the member who invited them, if any (empty string for none)
   */
  record Joined(Instant at, Customer customer, String referrer) implements SimEvent {}

  /**
   * A visit with a purchase.
   *
   * @param at when
   * @param purchase the purchase
   * @param pointsToRedeem points the member wants to pay with (0 for none)
   */
  record Bought(Instant at, Purchase purchase, long pointsToRedeem) implements SimEvent {}

  /**
   * A return of part of a purchase.
   *
   * @param at when
   * @param ret the return
   */
  record Returned(Instant at, Return ret) implements SimEvent {}

  /**
   * A wallet top-up.
   *
   * @param at when
   * @param member the member's id
   * @param amount the amount paid in
   * @param topUpId the merchant's id of the top-up
   */
  record ToppedUp(Instant at, String member, Money amount, String topUpId) implements SimEvent {}

  /**
   * A visit paid (partly or wholly) from the member's prepaid wallet.
   *
   * @param at when
   * @param member the member's id
   * @param amount the amount taken from the wallet
   * @param spendId the merchant's id of the payment
   */
  record Spent(Instant at, String member, Money amount, String spendId) implements SimEvent {}

  /**
   * A complaint or repair is opened; it stays open until its {@link ComplaintClosed} (which may
   * fall after the simulated period: then it is still open at the end).
   *
   * @param at when it was opened
   * @param interaction the interaction as opened
   */
  record ComplaintOpened(Instant at, ServiceInteraction interaction) implements SimEvent {}

  /**
   * A complaint or repair is closed, with its outcome.
   *
   * @param at when it was closed
   * @param interaction the interaction as closed
   */
  record ComplaintClosed(Instant at, ServiceInteraction interaction) implements SimEvent {}

  /**
   * A member answers the satisfaction survey sent after a complaint or repair: through the survey's
   * link (its reply token), or by replying to the SMS. Drawn by {@link
   * SalonSimulation#surveyAnswer} once the engine has planned the survey.
   *
   * @param at when the answer comes in
   * @param member who answers
   * @param interactionId the complaint or repair the survey asked about
   * @param factors the satisfaction and dissatisfaction factors the answers name
   * @param bySms whether she replied to the SMS instead of following the link
   */
  record SurveyAnswered(
      Instant at,
      CustomerId member,
      String interactionId,
      List<ObservedFactor> factors,
      boolean bySms)
      implements SimEvent {
    /** Copies the factors. */
    public SurveyAnswered {
      factors = List.copyOf(factors);
    }
  }
}
