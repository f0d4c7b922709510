package dev.care.rules.analytics;

import java.util.Objects;

/**
 * The outcome of fitting the Gamma-Gamma model by maximum likelihood.
 *
 * @param model the fitted parameters
 * @param logLikelihood the total log-likelihood at the fit
 * @param evaluations likelihood evaluations used
 * @param iterations Nelder–Mead iterations over all runs
 * @param runs Nelder–Mead runs (the first plus restarts)
 * @param converged whether the stopping rule was met within the budgets
 * @param customers customers the model was fitted on (repeat customers with positive mean spend)
 */
public record GammaGammaFit(
    GammaGammaModel model,
    double logLikelihood,
    int evaluations,
    int iterations,
    int runs,
    boolean converged,
    int customers) {
  /** Validates. */
  public GammaGammaFit {
    Objects.requireNonNull(model, "model");
  }
}
