package dev.care.rules.analytics;

import java.util.Objects;

/**
 * The outcome of fitting the BG/NBD model by maximum likelihood.
 *
 * @param model the fitted parameters
 * @param logLikelihood the total log-likelihood at the fit (sum over customers)
 * @param evaluations likelihood evaluations used
 * @param iterations Nelder–Mead iterations over all runs
 * @param runs Nelder–Mead runs (the first plus restarts)
 * @param converged whether the stopping rule was met within the budgets; when {@code false} the
 *     model is the best point found, and should be treated with suspicion
 * @param customers customers in the data
 * @param distinctTriples distinct {@code (x, t_x, T)} triples the likelihood was summed over
 */
public record BgNbdFit(
    BgNbdModel model,
    double logLikelihood,
    int evaluations,
    int iterations,
    int runs,
    boolean converged,
    long customers,
    int distinctTriples) {
  /** Validates. */
  public BgNbdFit {
    Objects.requireNonNull(model, "model");
  }
}
