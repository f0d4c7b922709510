package dev.care.core.lifecycle;

/**
 * Where a customer stands in the life cycle. The goal of care is to lengthen it, above all {@link
 * #MATURE}.
 */
public enum LifecycleStage {
  /** Known, never bought. */
  PROSPECT,
  /** Made a first purchase. */
  NEW,
  /** Buying again, spend rising. */
  GROWING,
  /** Steady: the golden age of consumption. */
  MATURE,
  /** Gaps lengthen, spend falls. */
  DECLINING,
  /** No purchase for long: lost unless won back. */
  LAPSED,
  /** Bought again after lapsing. */
  WON_BACK
}
