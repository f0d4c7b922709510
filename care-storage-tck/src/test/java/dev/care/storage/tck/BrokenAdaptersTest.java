package dev.care.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The kit must report every deliberately broken adapter as failing, in the right contract. */
class BrokenAdaptersTest {

  static Events run(Class<?> kit) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
  }

  static List<String> failedTests(Events events) {
    return events.failed().stream()
        .map(Event::getTestDescriptor)
        .map(d -> d.getUniqueId().toString())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"LosesUpdates", "IgnoresIdempotency", "HalfCommit", "DropsOutbox"})
  @DisplayName("the kit fails a broken adapter")
  void kit_fails_broken_adapter(String name) throws ClassNotFoundException {
    Class<?> kit = Class.forName(BrokenAdapterKitRuns.class.getName() + "$" + name);
    Events events = run(kit);
    List<String> failed = failedTests(events);
    assertThat(failed).as("%s should fail the kit", name).isNotEmpty();
    String expected =
        switch (name) {
          case "LosesUpdates" -> "secondWriterLoses";
          case "IgnoresIdempotency" -> "duplicateKey";
          case "HalfCommit" -> "staleVersionWritesNothing";
          default -> "L15_outbox_in_the_same_transaction";
        };
    assertThat(failed).anyMatch(id -> id.contains(expected));
    System.out.println(
        name
            + " caught by "
            + failed.size()
            + " contracts: "
            + failed.stream()
                .map(id -> id.replaceAll(".*\\[method:", "").replace("()]", ""))
                .toList());
  }

  @org.junit.jupiter.api.Test
  @DisplayName("the reference adapter passes the whole kit")
  void reference_passes() {
    Events events = run(InMemoryStorageTckTest.class);
    assertThat(events.failed().count()).isZero();
    assertThat(events.succeeded().count()).isGreaterThanOrEqualTo(17);
  }
}
