package dev.care.it;

import java.util.stream.LongStream;

/**
 * The scenario seeds a run uses: the first is {@code care.pbt.seed} (fixed in CI, {@code random}
 * under {@code -Pstress}, printed then), the others follow it. How many comes from {@code
 * care.it.memorySeeds} (3 in CI) and {@code care.it.postgresSeeds} (1 in CI); {@code -Pstress}
 * raises both.
 */
final class Seeds {
  private static final long BASE = base();

  private Seeds() {}

  private static long base() {
    String s = System.getProperty("care.pbt.seed", "20261123");
    if (s.equals("random")) {
      long seed = System.nanoTime();
      System.out.println("care.pbt.seed=" + seed);
      return seed;
    }
    return Long.parseLong(s);
  }

  /** Seeds for the in-memory runs. */
  static LongStream memory() {
    return seeds(Integer.getInteger("care.it.memorySeeds", 3));
  }

  /** Seeds for the PostgreSQL runs. */
  static LongStream postgres() {
    return seeds(Integer.getInteger("care.it.postgresSeeds", 1));
  }

  private static LongStream seeds(int count) {
    return LongStream.range(0, Math.max(1, count)).map(i -> BASE + 7919 * i);
  }
}
