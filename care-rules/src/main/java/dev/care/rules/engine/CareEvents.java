package dev.care.rules.engine;

import dev.care.core.care.Priority;
import dev.care.core.care.TaskKind;
import dev.care.core.care.TaskStatus;
import dev.care.core.customer.Channel;
import dev.care.core.customer.ConsentStatus;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
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
import dev.care.core.lifecycle.LifecycleStage;
import dev.care.core.money.Money;
import dev.care.core.satisfaction.SatisfactionIndex;
import dev.care.core.satisfaction.ServiceLevel;
import dev.care.core.time.internal.InstantText;
import dev.care.storage.messaging.EventPublisher;
import dev.care.storage.outbox.OutboxMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The care events a {@link CareEngine} publishes, as outbox messages: each is enqueued in the unit
 * of work that causes it, so it is published if and only if the change committed, and delivered at
 * least once by an {@code OutboxDispatcher} to its {@link EventPublisher} — the one path every
 * outbox event takes. Wire {@link #publisher(CareEventListener, EventPublisher)} as that publisher
 * to hear them as the care-core records.
 *
 * <p>Message types and their attributes (all flat strings; {@code customer} and {@code occurredAt}
 * (ISO-8601) on every one; an absent optional value is an absent attribute):
 *
 * <ul>
 *   <li>{@value #CUSTOMER_REGISTERED}: on {@code register}; id {@code
 *       event/customer-registered/CUSTOMER}.
 *   <li>{@value #PURCHASE_RECORDED}: on {@code recordPurchase}; {@code purchaseId}, {@code
 *       currency}, {@code amountMinor}; id {@code event/purchase-recorded/CUSTOMER/PURCHASE}.
 *   <li>{@value #LIFECYCLE_STAGE_CHANGED}: by the nightly review; {@code from}, {@code to}, {@code
 *       reason}; id {@code event/lifecycle-stage-changed/CUSTOMER/TO/AT}.
 *   <li>{@value #TIER_CHANGED}: on a purchase, a return or the nightly review; {@code from}, {@code
 *       to}, {@code reason}; id {@code event/tier-changed/CUSTOMER/FROM-TO/AT}.
 *   <li>{@value #SATISFACTION_INDEX_CHANGED}: when a recorded interaction moves the index; {@code
 *       from}, {@code to} (0 to 100); id {@code
 *       event/satisfaction-index-changed/CUSTOMER/INTERACTION/VERSION}, the version of the
 *       interaction the command replaced (0 for a new one).
 *   <li>{@value #CONSENT_CHANGED}: on {@code update}, one per channel whose consent changed; {@code
 *       channel}, {@code status}; id {@code event/consent-changed/CUSTOMER/CHANNEL/VERSION}, the
 *       version of the customer file the update replaced.
 *   <li>{@value #CUSTOMER_ERASED}: on {@code erase}, in a unit of work right after the storage's
 *       erasure (nothing personal: the customer id and the erasure instant); id {@code
 *       event/customer-erased/CUSTOMER}.
 *   <li>{@value #TASK_PLANNED}: when a new staff task joins the queue; {@code taskKey}, {@code
 *       kind}, {@code priority}, {@code level}, {@code due}; id {@code
 *       event/task-planned/CUSTOMER/TASKKEY}.
 *   <li>{@value #TASK_CHANGED}: on {@code assignTask}, {@code completeTask}, {@code cancelTask} and
 *       the nightly overdue escalation; {@code taskKey}, {@code from}, {@code to}, {@code
 *       priority}, {@code assignee} (if any), {@code escalated}; id {@code
 *       event/task-changed/CUSTOMER/TASKKEY/STATUS} ({@code ESCALATED} for the escalation).
 * </ul>
 *
 * <p>Ids are derived from the cause, so a unit of work decided again after a conflict, or a command
 * repeated, enqueues the same id, which the outbox keeps once; a repeated command that changes
 * nothing enqueues no event at all.
 */
public final class CareEvents {
  /** Type of {@link CustomerRegistered} messages. */
  public static final String CUSTOMER_REGISTERED = "customer-registered";

  /** Type of {@link PurchaseRecorded} messages. */
  public static final String PURCHASE_RECORDED = "purchase-recorded";

  /** Type of {@link LifecycleStageChanged} messages. */
  public static final String LIFECYCLE_STAGE_CHANGED = "lifecycle-stage-changed";

  /** Type of {@link TierChanged} messages. */
  public static final String TIER_CHANGED = "tier-changed";

  /** Type of {@link SatisfactionIndexChanged} messages. */
  public static final String SATISFACTION_INDEX_CHANGED = "satisfaction-index-changed";

  /** Type of {@link ConsentChanged} messages. */
  public static final String CONSENT_CHANGED = "consent-changed";

  /** Type of {@link CustomerErased} messages. */
  public static final String CUSTOMER_ERASED = "customer-erased";

  /** Type of {@link TaskPlanned} messages. */
  public static final String TASK_PLANNED = "task-planned";

  /** Type of {@link TaskChanged} messages. */
  public static final String TASK_CHANGED = "task-changed";

  /** Every care event message type. */
  public static final Set<String> TYPES =
      Set.of(
          CUSTOMER_REGISTERED,
          PURCHASE_RECORDED,
          LIFECYCLE_STAGE_CHANGED,
          TIER_CHANGED,
          SATISFACTION_INDEX_CHANGED,
          CONSENT_CHANGED,
          CUSTOMER_ERASED,
          TASK_PLANNED,
          TASK_CHANGED);

  private CareEvents() {}

  /**
   * An event publisher for an {@code OutboxDispatcher} that decodes care events and hands them to
   * the listener; other outbox events (e.g. {@code ledger-transaction}, {@code ledger-bill}) are
   * delivered to nobody.
   *
   * @param listener the listener
   * @return the publisher
   */
  public static EventPublisher publisher(CareEventListener listener) {
    return publisher(listener, other -> {});
  }

  /**
   * An event publisher for an {@code OutboxDispatcher} that decodes care events and hands them to
   * the listener, and passes every other outbox event on to {@code others} (your bus, a Kafka
   * relay).
   *
   * @param listener hears the care events
   * @param others gets every other event message
   * @return the publisher
   */
  public static EventPublisher publisher(CareEventListener listener, EventPublisher others) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(others, "others");
    return message -> {
      Optional<CareEvent> event = decode(message);
      if (event.isPresent()) {
        listener.onEvent(message.id(), event.get());
      } else {
        others.publish(message);
      }
    };
  }

  /**
   * The care event an outbox message carries.
   *
   * @param message an outbox message
   * @return the event, or empty when the message is not a care event
   * @throws IllegalArgumentException if it has a care event type but malformed attributes
   */
  public static Optional<CareEvent> decode(OutboxMessage message) {
    Objects.requireNonNull(message, "message");
    if (!TYPES.contains(message.type())) {
      return Optional.empty();
    }
    Map<String, String> a = message.attributes();
    try {
      CustomerId customer = CustomerId.of(required(message, "customer"));
      Instant at = InstantText.parse(required(message, "occurredAt"));
      CareEvent event =
          switch (message.type()) {
            case CUSTOMER_REGISTERED -> new CustomerRegistered(customer, at);
            case PURCHASE_RECORDED ->
                new PurchaseRecorded(
                    customer,
                    at,
                    required(message, "purchaseId"),
                    Money.ofMinor(
                        required(message, "currency"),
                        Long.parseLong(required(message, "amountMinor"))));
            case LIFECYCLE_STAGE_CHANGED ->
                new LifecycleStageChanged(
                    customer,
                    at,
                    optional(a, "from", LifecycleStage::valueOf),
                    LifecycleStage.valueOf(required(message, "to")),
                    required(message, "reason"));
            case TIER_CHANGED ->
                new TierChanged(
                    customer,
                    at,
                    optional(a, "from", TierId::of),
                    optional(a, "to", TierId::of),
                    required(message, "reason"));
            case SATISFACTION_INDEX_CHANGED ->
                new SatisfactionIndexChanged(
                    customer,
                    at,
                    optional(a, "from", v -> new SatisfactionIndex(Double.parseDouble(v))),
                    new SatisfactionIndex(Double.parseDouble(required(message, "to"))));
            case CONSENT_CHANGED ->
                new ConsentChanged(
                    customer,
                    at,
                    Channel.valueOf(required(message, "channel")),
                    ConsentStatus.valueOf(required(message, "status")));
            case TASK_PLANNED ->
                new TaskPlanned(
                    customer,
                    at,
                    required(message, "taskKey"),
                    TaskKind.valueOf(required(message, "kind")),
                    Priority.valueOf(required(message, "priority")),
                    ServiceLevel.valueOf(required(message, "level")),
                    InstantText.parse(required(message, "due")));
            case TASK_CHANGED ->
                new TaskChanged(
                    customer,
                    at,
                    required(message, "taskKey"),
                    TaskStatus.valueOf(required(message, "from")),
                    TaskStatus.valueOf(required(message, "to")),
                    Priority.valueOf(required(message, "priority")),
                    optional(a, "assignee", v -> v),
                    Boolean.parseBoolean(required(message, "escalated")));
            default -> new CustomerErased(customer, at);
          };
      return Optional.of(event);
    } catch (RuntimeException e) {
      if (e instanceof MalformedEvent) {
        throw e;
      }
      throw new MalformedEvent(message, e.getMessage(), e);
    }
  }

  /**
   * The outbox message of an event: a domain event (no customer, no channel) with the id {@code
   * event/TYPE/CUSTOMER} followed by {@code /CAUSE} when the cause is not empty.
   *
   * @param cause what makes the id unique per occurrence, e.g. the purchase id; may be empty
   * @param event the event
   * @return the pending message
   */
  static OutboxMessage message(String cause, CareEvent event) {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(event, "event");
    Map<String, String> a = new LinkedHashMap<>();
    a.put("customer", event.customerId().value());
    a.put("occurredAt", InstantText.format(event.occurredAt()));
    String type;
    if (event instanceof CustomerRegistered) {
      type = CUSTOMER_REGISTERED;
    } else if (event instanceof PurchaseRecorded e) {
      type = PURCHASE_RECORDED;
      a.put("purchaseId", e.purchaseId());
      a.put("currency", e.amount().currency().getCurrencyCode());
      a.put("amountMinor", Long.toString(e.amount().minorUnits()));
    } else if (event instanceof LifecycleStageChanged e) {
      type = LIFECYCLE_STAGE_CHANGED;
      e.from().ifPresent(f -> a.put("from", f.name()));
      a.put("to", e.to().name());
      a.put("reason", e.reason());
    } else if (event instanceof TierChanged e) {
      type = TIER_CHANGED;
      e.from().ifPresent(f -> a.put("from", f.name()));
      e.to().ifPresent(t -> a.put("to", t.name()));
      a.put("reason", e.reason());
    } else if (event instanceof SatisfactionIndexChanged e) {
      type = SATISFACTION_INDEX_CHANGED;
      e.from().ifPresent(f -> a.put("from", Double.toString(f.value())));
      a.put("to", Double.toString(e.to().value()));
    } else if (event instanceof ConsentChanged e) {
      type = CONSENT_CHANGED;
      a.put("channel", e.channel().name());
      a.put("status", e.status().name());
    } else if (event instanceof CustomerErased) {
      type = CUSTOMER_ERASED;
    } else if (event instanceof TaskPlanned e) {
      type = TASK_PLANNED;
      a.put("taskKey", e.taskKey());
      a.put("kind", e.kind().name());
      a.put("priority", e.priority().name());
      a.put("level", e.level().name());
      a.put("due", InstantText.format(e.due()));
    } else if (event instanceof TaskChanged e) {
      type = TASK_CHANGED;
      a.put("taskKey", e.taskKey());
      a.put("from", e.from().name());
      a.put("to", e.to().name());
      a.put("priority", e.priority().name());
      e.assignee().ifPresent(v -> a.put("assignee", v));
      a.put("escalated", Boolean.toString(e.escalated()));
    } else {
      throw new IllegalArgumentException(
          "no outbox form for " + event.getClass().getSimpleName() + " events");
    }
    String id =
        "event/" + type + "/" + event.customerId().value() + (cause.isEmpty() ? "" : "/" + cause);
    return OutboxMessage.pending(
        id, type, Optional.empty(), Optional.empty(), a, event.occurredAt());
  }

  private static String required(OutboxMessage m, String name) {
    String v = m.attributes().get(name);
    if (v == null) {
      throw new MalformedEvent(m, "attribute " + name + " is missing", null);
    }
    return v;
  }

  private static <T> Optional<T> optional(
      Map<String, String> a, String name, Function<String, T> parse) {
    return Optional.ofNullable(a.get(name)).map(parse);
  }

  /** A message of a care event type whose attributes do not decode. */
  private static final class MalformedEvent extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedEvent(OutboxMessage m, String why, Throwable cause) {
      super(
          "outbox message " + m.id() + " of type " + m.type() + " does not decode: " + why, cause);
    }
  }
}
