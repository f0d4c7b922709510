package dev.care.spring.boot.autoconfigure;

import dev.care.storage.messaging.EventPublisher;
import dev.care.storage.outbox.OutboxMessage;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The default {@link EventPublisher}: publishes each care event (an outbox message without a
 * channel) as a Spring application event, so {@code @EventListener void on(OutboxMessage event)}
 * methods receive it, synchronously on the dispatcher's thread. A listener that throws makes the
 * dispatcher retry the event later (delivery is at least once; the message id is stable). Declare
 * an {@link EventPublisher} bean to publish elsewhere (Kafka, a message broker).
 */
public final class SpringEventPublisher implements EventPublisher {
  private final ApplicationEventPublisher publisher;

  /**
   * Publishes through the application context.
   *
   * @param publisher the context's publisher
   */
  public SpringEventPublisher(ApplicationEventPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  public void publish(OutboxMessage event) {
    publisher.publishEvent(Objects.requireNonNull(event, "event"));
  }
}
