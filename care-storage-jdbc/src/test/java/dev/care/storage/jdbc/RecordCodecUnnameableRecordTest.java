package dev.care.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.storage.jdbc.internal.RecordCodec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The codec reads the components of the library's records through getters made by the lambda
 * metafactory, which must be able to name the record class from the codec's package; a record it
 * cannot name (here: not public, in another package) goes through method handles instead, with the
 * same text and the same checks.
 */
class RecordCodecUnnameableRecordTest {
  /** Not public, and not in the codec's package. */
  record Visit(String note, long minutes, boolean paid, Optional<Instant> at, List<Step> steps) {
    Visit {
      if (minutes < 0) {
        throw new IllegalArgumentException("minutes must be >= 0, got " + minutes);
      }
    }
  }

  /** A nested record, not public either. */
  record Step(String what, int order) {}

  private final RecordCodec codec = new RecordCodec();

  @Test
  @DisplayName(
      "a record the codec's package cannot name is written as any record is, reads back equal,"
          + " and its constructor's refusal is reported as an invalid stored value")
  void unnameableRecord_writtenAndRead() {
    Visit v =
        new Visit(
            "wash \"and\" cut",
            45,
            true,
            Optional.of(Instant.parse("2026-12-05T10:15:30Z")),
            List.of(new Step("wash", 1), new Step("cut", 2)));
    String json = codec.write(v, Visit.class);
    assertThat(json)
        .isEqualTo(
            "{\"note\":\"wash \\\"and\\\" cut\",\"minutes\":45,\"paid\":true,"
                + "\"at\":\"2026-12-05T10:15:30Z\",\"steps\":[{\"what\":\"wash\",\"order\":1},"
                + "{\"what\":\"cut\",\"order\":2}]}");
    assertThat(codec.read(json, Visit.class)).isEqualTo(v);
    assertThatThrownBy(
            () -> codec.read(json.replace("\"minutes\":45", "\"minutes\":-1"), Visit.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Visit: stored Visit is invalid: minutes must be >= 0, got -1");
  }
}
