package dev.care.rules.segment.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.rules.segment.CustomerAttributes;
import dev.care.rules.segment.SegmentDefinition;
import dev.care.rules.segment.SegmentEngine;
import dev.care.rules.segment.SegmentSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SegmentMetricsTest {
  final SegmentDefinition regulars =
      SegmentDefinition.parse("regulars", "Regulars", "frequency >= 3");
  final SegmentEngine engine =
      SegmentEngine.builder(SegmentSchema.standard(), LocalDate.of(2026, 6, 1))
          .segments(List.of(regulars))
          .build();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SegmentMetrics metrics = new SegmentMetrics(engine);

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void operations_areTimedByOperation_andSizesAreGauges() {
    metrics.bindTo(registry);
    CustomerAttributes once = CustomerAttributes.builder().frequency(1).build();

    metrics.load(List.of(once, once.toBuilder().frequency(5).build()));
    var events = metrics.update(0, once.toBuilder().frequency(4).build());
    metrics.advanceTo(LocalDate.of(2026, 6, 2));
    metrics.evaluateAll();

    assertThat(events).hasSize(1);
    for (String operation : List.of("load", "update", "advance", "evaluate-all")) {
      var timer = registry.get("care.segment.evaluation").tag("operation", operation).timer();
      assertThat(timer.count()).as(operation).isEqualTo(1);
      assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).as(operation).isPositive();
    }
    assertThat(registry.get("care.segment.customers").gauge().value()).isEqualTo(2);
    assertThat(registry.get("care.segment.members").tag("segment", "regulars").gauge().value())
        .isEqualTo(2);
  }

  @Test
  void operations_beforeBinding_runUntimed() {
    metrics.load(List.of(CustomerAttributes.builder().frequency(3).build()));

    assertThat(engine.count(regulars.id())).isEqualTo(1);
    assertThat(registry.getMeters()).isEmpty();
  }
}
