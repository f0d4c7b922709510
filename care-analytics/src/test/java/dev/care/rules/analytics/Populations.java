package dev.care.rules.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.random.RandomDataGenerator;

/** Simulated populations with known parameters, and the statistics the recovery tests need. */
final class Populations {
  static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

  /**
   * CDNOW-like spend (Fader &amp; Hardie 2013 estimated p = 6.25, q = 3.74, γ = 15.44 dollars);
   * here γ is in cents.
   */
  static final GammaGammaModel CDNOW_SPEND = new GammaGammaModel(6.25, 3.74, 1544);

  static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

  private static Sample large;

  private Populations() {}

  /**
   * Draws from the exact continuous-time generative processes: BG/NBD (λ ~ Gamma(r, rate α), p ~
   * Beta(a, b), exponential gaps, dropout after each repeat purchase) and Gamma-Gamma (ν ~ Gamma(q,
   * rate γ), each repeat transaction ~ Gamma(p, rate ν)). First purchases are spread over 12 weeks
   * and the calibration ends 39 weeks after the earliest, as in CDNOW, so T is between 27 and 39
   * weeks. (The transaction path, {@link Simulation}, dates purchases to whole days and merges
   * same-day ones, which slightly lowers the heaviest buyers' counts; that is a property of the
   * data convention, not of the fitter, so recovery is tested on exact draws.)
   */
  record Sample(int[] x, double[] tx, double[] age, double[] meanSpend) {
    int size() {
      return x.length;
    }
  }

  /** 20,000 customers, seed 20261123. */
  static synchronized Sample large() {
    if (large == null) {
      large = exact(20_000, 20261123L);
    }
    return large;
  }

  static Sample exact(int n, long seed) {
    RandomDataGenerator rng = new RandomDataGenerator(seed);
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] age = new double[n];
    double[] mean = new double[n];
    for (int i = 0; i < n; i++) {
      age[i] = (273 - rng.nextInt(0, 83)) / 7.0;
      double lambda = rng.nextGamma(CDNOW.r(), 1 / CDNOW.alpha());
      double dropout = rng.nextBeta(CDNOW.a(), CDNOW.b());
      double nu = rng.nextGamma(CDNOW_SPEND.q(), 1 / CDNOW_SPEND.gamma());
      double t = 0;
      double spend = 0;
      while (true) {
        t += rng.nextExponential(1 / lambda);
        if (t >= age[i]) {
          break;
        }
        x[i]++;
        tx[i] = t;
        spend += rng.nextGamma(CDNOW_SPEND.p(), 1 / nu);
        if (rng.nextDouble() < dropout) {
          break;
        }
      }
      mean[i] = x[i] == 0 ? 0 : spend / x[i];
    }
    return new Sample(x, tx, age, mean);
  }

  static List<CustomerSummary> simulate(int customers, long seed) {
    return CustomerSummaries.of(
        Simulation.transactions(
            CDNOW, CDNOW_SPEND, customers, CALIBRATION_END, 273, 84, PeriodUnit.WEEKS, seed),
        CALIBRATION_END,
        PeriodUnit.WEEKS);
  }

  /**
   * Asymptotic standard errors of the maximum-likelihood estimates of {@code ln θ}: square roots of
   * the diagonal of the inverse observed information, the negative Hessian of the log-likelihood in
   * log-parameters, by central differences with step {@code 1e-3}.
   */
  static double[] logStandardErrors(ToDoubleFunction<double[]> logLikelihood, double[] params) {
    int n = params.length;
    double h = 1e-3;
    double[] theta = new double[n];
    for (int i = 0; i < n; i++) {
      theta[i] = Math.log(params[i]);
    }
    ToDoubleFunction<double[]> f =
        t -> {
          double[] p = new double[n];
          for (int i = 0; i < n; i++) {
            p[i] = Math.exp(t[i]);
          }
          return logLikelihood.applyAsDouble(p);
        };
    RealMatrix info = MatrixUtils.createRealMatrix(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double v =
            (f.applyAsDouble(shift(theta, i, h, j, h))
                    - f.applyAsDouble(shift(theta, i, h, j, -h))
                    - f.applyAsDouble(shift(theta, i, -h, j, h))
                    + f.applyAsDouble(shift(theta, i, -h, j, -h)))
                / (4 * h * h);
        info.setEntry(i, j, -v);
        info.setEntry(j, i, -v);
      }
    }
    RealMatrix cov = MatrixUtils.inverse(info);
    double[] se = new double[n];
    for (int i = 0; i < n; i++) {
      se[i] = Math.sqrt(cov.getEntry(i, i));
    }
    return se;
  }

  private static double[] shift(double[] theta, int i, double di, int j, double dj) {
    double[] t = theta.clone();
    t[i] += di;
    t[j] += dj;
    return t;
  }
}
