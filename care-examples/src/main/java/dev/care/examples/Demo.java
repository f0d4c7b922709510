package dev.care.examples;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.io.PrintStream;

/** The {@code demo} command: shows the library at work on the in-memory default. */
final class Demo {
  int run(String[] args, PrintStream out) {
    CustomerId id = CustomerId.of("C-0001");
    out.println("customer " + id + " spent " + Money.ofMinor("EUR", 4250));
    return 0;
  }
}
