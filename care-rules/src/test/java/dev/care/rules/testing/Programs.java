package dev.care.rules.testing;

import dev.care.rules.program.LoyaltyProgram;
import dev.care.rules.program.ProgramLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures: the example salon program shipped in care-examples, one file for every test. */
public final class Programs {
  private static final Path SALON =
      Path.of("src/main/resources/dev/care/rules/program/salon-program.json");

  private Programs() {}

  /** The salon program's JSON text. */
  public static String salonJson() {
    try {
      return Files.readString(SALON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The salon program, loaded. */
  public static LoyaltyProgram salon() {
    return new ProgramLoader().load(salonJson());
  }
}
