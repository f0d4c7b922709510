package dev.care.rules.engine;

import dev.care.core.event.CareEvent;
import dev.care.core.event.ConsentChanged;
import dev.care.core.event.CustomerErased;
import dev.care.core.event.CustomerRegistered;
import dev.care.core.event.LifecycleStageChanged;
import dev.care.core.event.PurchaseRecorded;
import dev.care.core.event.SatisfactionIndexChanged;
import dev.care.core.event.TaskChanged;
import dev.care.core.event.TaskPlanned;
import dev.care.core.event.TierChanged;

/**
 * Hears the care events an engine published through the outbox, decoded back into the care-core
 * event records by {@link CareEvents#publisher(CareEventListener)}. Override the methods of the
 * events you care about (each does nothing by default), or {@link #onEvent} to see every one with
 * its message id.
 *
 * <p>Delivery is at least once: the dispatcher may hand the same event again after a failure or a
 * crash, always under the same message id, so a listener that must act once de-duplicates by it. A
 * listener that throws makes the dispatcher retry the event later.
 */
public interface CareEventListener {
  /**
   * Every decoded event, with the outbox message id it came under (stable across retries). By
   * default hands the event to the method of its type.
   *
   * @param messageId the outbox message id
   * @param event the event
   */
  default void onEvent(String messageId, CareEvent event) {
    if (event instanceof CustomerRegistered e) {
      onCustomerRegistered(e);
    } else if (event instanceof PurchaseRecorded e) {
      onPurchaseRecorded(e);
    } else if (event instanceof LifecycleStageChanged e) {
      onLifecycleStageChanged(e);
    } else if (event instanceof TierChanged e) {
      onTierChanged(e);
    } else if (event instanceof SatisfactionIndexChanged e) {
      onSatisfactionIndexChanged(e);
    } else if (event instanceof ConsentChanged e) {
      onConsentChanged(e);
    } else if (event instanceof CustomerErased e) {
      onCustomerErased(e);
    } else if (event instanceof TaskPlanned e) {
      onTaskPlanned(e);
    } else if (event instanceof TaskChanged e) {
      onTaskChanged(e);
    }
  }

  /**
   * A customer was registered.
   *
   * @param event the event
   */
  default void onCustomerRegistered(CustomerRegistered event) {}

  /**
   * A purchase was recorded.
   *
   * @param event the event
   */
  default void onPurchaseRecorded(PurchaseRecorded event) {}

  /**
   * The nightly review moved a customer to another life-cycle stage (or gave the first one).
   *
   * @param event the event
   */
  default void onLifecycleStageChanged(LifecycleStageChanged event) {}

  /**
   * A customer's tier changed (on a purchase, a return or the nightly review).
   *
   * @param event the event
   */
  default void onTierChanged(TierChanged event) {}

  /**
   * A recorded interaction moved the customer's satisfaction index.
   *
   * @param event the event
   */
  default void onSatisfactionIndexChanged(SatisfactionIndexChanged event) {}

  /**
   * A customer's consent for a channel changed.
   *
   * @param event the event
   */
  default void onConsentChanged(ConsentChanged event) {}

  /**
   * A customer's personal data was erased.
   *
   * @param event the event
   */
  default void onCustomerErased(CustomerErased event) {}

  /**
   * A new staff task joined the queue (notify staff).
   *
   * @param event the event
   */
  default void onTaskPlanned(TaskPlanned event) {}

  /**
   * A staff task was assigned, done, cancelled or escalated for being overdue.
   *
   * @param event the event
   */
  default void onTaskChanged(TaskChanged event) {}
}
