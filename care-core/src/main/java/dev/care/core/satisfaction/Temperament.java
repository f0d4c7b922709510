package dev.care.core.satisfaction;

/**
 * The four kinds of behaviour staff meet; each has a countermeasure playbook ({@link Playbooks}).
 */
public enum Temperament {
  /** Indirect, quiet, keeps distance. */
  HESITANT,
  /** Talks a lot, does not listen, critical. */
  OPINIONATED,
  /** Calm, polite, unsure of own judgement. */
  GENTLE,
  /** Loud, incoherent. */
  ANGRY
}
