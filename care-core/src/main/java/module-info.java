/**
 * The care domain: customers, life cycle, the points ledger and wallets, satisfaction, care actions
 * and events. Depends on nothing but the JDK; implementation packages ({@code internal}) are not
 * exported, but for the fast instant text, exported only to the modules that share it.
 */
@SuppressWarnings("module") // the modules it is exported to are built after this one
module dev.care.core {
  exports dev.care.core.care;
  exports dev.care.core.consumption;
  exports dev.care.core.customer;
  exports dev.care.core.error;
  exports dev.care.core.event;
  exports dev.care.core.ledger;
  exports dev.care.core.lifecycle;
  exports dev.care.core.money;
  exports dev.care.core.satisfaction;
  exports dev.care.core.state;
  exports dev.care.core.time;
  exports dev.care.core.time.internal to
      dev.care.rules,
      dev.care.storage.jdbc;
  exports dev.care.core.voucher;
  exports dev.care.core.wallet;
}
