package dev.care.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.time.ManualClock;
import dev.care.rules.segment.InvalidSegmentException;
import dev.care.rules.testing.Programs;
import dev.care.storage.memory.InMemoryStorage;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the engine does not score RFM or P(alive), so a segment on them would be silently wrong
 * for every customer (a weekly buyer would have {@code pAlive < 300}); it is refused, and nothing
 * is stored.
 */
class UnscoredSegmentsTest {
  private final InMemoryStorage storage = new InMemoryStorage();
  private final CareEngine engine =
      CareEngine.builder()
          .program(Programs.salon())
          .storage(storage)
          .clock(ManualClock.at(Instant.parse("2026-03-02T09:00:00Z")))
          .build();

  @Test
  @DisplayName("a segment on pAlive or an RFM score is refused, naming the attribute")
  void unscoredAttributesAreRefused() {
    for (String text :
        new String[] {
          "pAlive < 300",
          "frequency >= 2 and rfmR >= 4",
          "not (rfmM between 1 and 2)",
          "lifecycleStage in (GROWING) or rfmF > 3"
        }) {
      assertThatThrownBy(() -> engine.defineSegment("risky", text))
          .as(text)
          .isInstanceOf(InvalidSegmentException.class)
          .hasMessageContaining("does not score")
          .hasMessageContaining("invalid segment risky");
    }
    assertThat(storage.segmentDefinitions()).as("nothing stored").isEmpty();
  }

  @Test
  @DisplayName("segments on what the engine does keep are accepted")
  void scoredAttributesAreAccepted() {
    engine.defineSegment("regulars", "frequency >= 2 and recencyDays <= 60");
    assertThat(storage.segmentDefinitions()).containsOnlyKeys("regulars");
  }
}
