package dev.care.core.ledger;

import dev.care.core.customer.CustomerId;
import java.util.Objects;
import java.util.Optional;

/**
 * One account of the journal: an owner (a customer, or the program), a type and an asset.
 *
 * @param owner the customer, or empty for the program's own accounts
 * @param type the account type; customer types need an owner, program types must not have one
 * @param asset the asset held
 */
public record AccountId(Optional<CustomerId> owner, AccountType type, Asset asset) {
  /** Validates owner against type, and the asset against the type. */
  public AccountId {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(asset, "asset");
    if (type.isCustomerAccount() != owner.isPresent()) {
      throw new IllegalArgumentException(
          "account type "
              + type
              + (type.isCustomerAccount() ? " needs a customer owner" : " belongs to the program"));
    }
    if ((type == AccountType.POINTS) != asset.isPoints()
        && (type == AccountType.POINTS
            || type == AccountType.WALLET_PAID
            || type == AccountType.WALLET_BONUS)) {
      throw new IllegalArgumentException("account type " + type + " cannot hold asset " + asset);
    }
  }

  /**
   * A customer's account.
   *
   * @param customer the customer
   * @param type a customer account type
   * @param asset the asset
   * @return the account
   */
  public static AccountId customer(CustomerId customer, AccountType type, Asset asset) {
    return new AccountId(Optional.of(customer), type, asset);
  }

  /**
   * A customer's points account.
   *
   * @param customer the customer
   * @return the account
   */
  public static AccountId points(CustomerId customer) {
    return customer(customer, AccountType.POINTS, Asset.POINTS);
  }

  /**
   * One of the program's accounts.
   *
   * @param type a program account type
   * @param asset the asset
   * @return the account
   */
  public static AccountId program(AccountType type, Asset asset) {
    return new AccountId(Optional.empty(), type, asset);
  }

  @Override
  public String toString() {
    return owner.map(CustomerId::toString).orElse("program") + ":" + type + ":" + asset;
  }

  // written out (the same values as a record's own): the generated ones go through method handles,
  // which cost the JIT more on these keys of every map in the engine
  @Override
  public boolean equals(Object other) {
    return other instanceof AccountId o
        && owner.equals(o.owner)
        && type == o.type
        && asset.equals(o.asset);
  }

  @Override
  public int hashCode() {
    return (owner.hashCode() * 31 + type.hashCode()) * 31 + asset.hashCode();
  }
}
