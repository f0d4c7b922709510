package dev.care.rules.testing;

/**
 * QuickTheories set-up for the rules tests (same contract as {@code dev.care.core.testing.Pbt},
 * which lives in care-core's test sources): fixed seed and modest example count by default, raised
 * by {@code -Pstress} through {@code care.pbt.examples} and {@code care.pbt.seed}.
 */
public final class Pbt {
  private Pbt() {}

  /** Examples per property, from {@code care.pbt.examples} (default 200). */
  public static int examples() {
    return Integer.getInteger("care.pbt.examples", 200);
  }

  /** Seed, from {@code care.pbt.seed} (default fixed; {@code random} picks one and prints it). */
  public static long seed() {
    String s = System.getProperty("care.pbt.seed", "20261123");
    if (s.equals("random")) {
      long seed = System.nanoTime();
      System.out.println("care.pbt.seed=" + seed);
      return seed;
    }
    return Long.parseLong(s);
  }

  /** A theory builder with the configured seed and example count. */
  public static org.quicktheories.QuickTheory qt() {
    return org.quicktheories.QuickTheory.qt().withFixedSeed(seed()).withExamples(examples());
  }

  /** A theory builder with the configured seed and a given fraction of the example count. */
  public static org.quicktheories.QuickTheory qt(int divisor) {
    return org.quicktheories.QuickTheory.qt()
        .withFixedSeed(seed())
        .withExamples(Math.max(10, examples() / divisor));
  }
}
