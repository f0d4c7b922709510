package dev.care.rules.analytics;

import dev.care.core.customer.CustomerId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Synthetic transactions drawn from the BG/NBD and Gamma-Gamma generative processes, for tests,
 * benchmarks and demos. Deterministic for a seed.
 *
 * <p>Each customer {@code i} (id {@code C0000001}, …) makes a first purchase on a day drawn
 * uniformly from the {@code cohortDays} days starting {@code observationDays} before {@code
 * calibrationEnd}, so {@code T} is known exactly. The customer draws {@code λ ~ Gamma(r, rate α)},
 * {@code p ~ Beta(a, b)} and {@code ν ~ Gamma(q, rate γ)}; then, in continuous time measured in
 * {@code unit} periods, waits {@code Exp(λ)} between purchases, stops at the first purchase that
 * would fall on or after the calibration end day, and after each repeat purchase drops out with
 * probability {@code p}. Every purchase, the first included, is worth {@code Gamma(p_gg, rate ν)}
 * rounded to whole minor units (so zero amounts can occur). A purchase at time {@code t} is dated
 * {@code first + floor(t · unit.days())} days.
 */
public final class Simulation {
  private Simulation() {}

  /**
   * Draws a population's transactions.
   *
   * @param purchases the BG/NBD parameters (α in {@code unit} periods)
   * @param spend the Gamma-Gamma parameters (γ in minor units)
   * @param customers population size, {@code >= 1}
   * @param calibrationEnd the calibration end day
   * @param observationDays days from the earliest first purchase to {@code calibrationEnd}
   * @param cohortDays days over which first purchases are spread, in {@code [1, observationDays]}
   * @param unit the time unit of the parameters
   * @param seed the random seed
   * @return the transactions, customer by customer, each customer's in date order
   */
  public static List<Transaction> transactions(
      BgNbdModel purchases,
      GammaGammaModel spend,
      int customers,
      LocalDate calibrationEnd,
      int observationDays,
      int cohortDays,
      PeriodUnit unit,
      long seed) {
    Objects.requireNonNull(purchases, "purchases");
    Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    Objects.requireNonNull(unit, "unit");
    if (customers < 1) {
      throw new IllegalArgumentException("customers must be >= 1, got " + customers);
    }
    if (observationDays < 1) {
      throw new IllegalArgumentException("observationDays must be >= 1, got " + observationDays);
    }
    if (cohortDays < 1 || cohortDays > observationDays) {
      throw new IllegalArgumentException(
          "cohortDays must be in [1, observationDays=" + observationDays + "], got " + cohortDays);
    }
    RandomDataGenerator rng = new RandomDataGenerator(seed);
    LocalDate start = calibrationEnd.minusDays(observationDays);
    List<Transaction> out = new ArrayList<>(customers * 2);
    for (int i = 0; i < customers; i++) {
      CustomerId id = CustomerId.of(String.format("C%07d", i + 1));
      LocalDate first = start.plusDays(rng.nextInt(0, cohortDays - 1));
      double age = unit.fromDays(days(first, calibrationEnd));
      double lambda = rng.nextGamma(purchases.r(), 1 / purchases.alpha());
      double dropout = rng.nextBeta(purchases.a(), purchases.b());
      double nu = rng.nextGamma(spend.q(), 1 / spend.gamma());
      out.add(new Transaction(id, first, amount(rng, spend.p(), nu)));
      double t = 0;
      while (true) {
        t += rng.nextExponential(1 / lambda);
        if (t >= age) {
          break;
        }
        long day = (long) Math.floor(t * unit.days());
        out.add(new Transaction(id, first.plusDays(day), amount(rng, spend.p(), nu)));
        if (rng.nextDouble() < dropout) {
          break;
        }
      }
    }
    return out;
  }

  private static long days(LocalDate from, LocalDate to) {
    return java.time.temporal.ChronoUnit.DAYS.between(from, to);
  }

  private static long amount(RandomDataGenerator rng, double shape, double rate) {
    return Math.round(rng.nextGamma(shape, 1 / rate));
  }
}
