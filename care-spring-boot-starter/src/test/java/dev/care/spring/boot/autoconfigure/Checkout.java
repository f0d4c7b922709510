package dev.care.spring.boot.autoconfigure;

import dev.care.core.consumption.Purchase;
import dev.care.core.customer.Customer;
import dev.care.core.customer.CustomerId;
import dev.care.core.customer.Profile;
import dev.care.core.money.Money;
import dev.care.rules.engine.CareEngine;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** The README's Spring Boot example: an application service using the starter's engine. */
@Service
public class Checkout {
  private final CareEngine care;

  @Autowired // the engine the starter built from application.properties
  public Checkout(CareEngine care) {
    this.care = care;
  }

  public void joined(String customerId, String name, Instant at) {
    care.register(Customer.register(CustomerId.of(customerId), Profile.named(name), at));
  }

  public long paid(String orderId, String customerId, long cents, Instant at) {
    CustomerId customer = CustomerId.of(customerId);
    care.recordPurchase(Purchase.of(orderId, customer, at, Money.ofMinor("EUR", cents)));
    return care.points(customer).posted(); // 45 for 45.00 EUR in the salon programme
  }
}
