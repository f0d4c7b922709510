package dev.care.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void demo_printsTheServiceFileAndExitsZero() {
    assertThat(run("demo")).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("C-0001  Mia Weber")
        .contains("in 2027 greeted on 2027-02-28")
        .contains("frequency 4, net spend EUR 293.00")
        .contains("life cycle   LAPSED")
        .contains("erasure      name now '(erased)', id kept: C-0001");
  }

  @Test
  void run_unknownOrMissingCommand_exitsTwoWithUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("nope")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no command given")
        .contains("unknown command 'nope'")
        .contains("usage");
  }
}
