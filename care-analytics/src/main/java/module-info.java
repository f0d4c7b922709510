/**
 * Customer analytics from purchase records: RFM, BG/NBD, Gamma-Gamma and customer lifetime value.
 * Hipparchus is used inside and appears in no public signature.
 */
@SuppressWarnings("requires-automatic") // Hipparchus has no module name of its own
module dev.care.analytics {
  requires transitive dev.care.core;
  requires hipparchus.core;
  requires hipparchus.optim;

  exports dev.care.rules.analytics;
}
