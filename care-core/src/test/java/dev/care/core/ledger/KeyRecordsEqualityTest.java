package dev.care.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.care.core.customer.CustomerId;
import dev.care.core.customer.TierId;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The map keys whose {@code equals} and {@code hashCode} are written out instead of generated
 * (generated ones go through method handles, dear while the JIT warms up): equal exactly when every
 * component is, and the same hash a record computes ({@code 31 * h + hash(component)} over the
 * components in order), so no map's order changes with them.
 */
class KeyRecordsEqualityTest {
  private static final CustomerId ANNA = CustomerId.of("anna");
  private static final CustomerId BEN = CustomerId.of("ben");

  /** A record's generated hash over its components, as {@code java.lang.runtime.ObjectMethods}. */
  private static int recordHash(Object... components) {
    int h = 0;
    for (Object c : components) {
      h = h * 31 + Objects.hashCode(c);
    }
    return h;
  }

  /** Equal and same hash as a copy, unequal to each variant (one component changed). */
  private static void check(Object value, Object copy, int expectedHash, List<Object> variants) {
    assertThat(value).isEqualTo(copy).isNotSameAs(copy).hasSameHashCodeAs(copy);
    assertThat(value.hashCode()).isEqualTo(expectedHash);
    assertThat(value).isNotEqualTo(null).isNotEqualTo("not a key");
    for (Object v : variants) {
      assertThat(value).as("against %s", v).isNotEqualTo(v);
      assertThat(v).as("against %s", value).isNotEqualTo(value);
    }
  }

  @Test
  void customerId() {
    check(
        new CustomerId("anna"),
        new CustomerId(new String("anna")),
        recordHash("anna"),
        List.of(CustomerId.of("Anna"), BEN));
  }

  @Test
  void tierId() {
    check(TierId.of("GOLD"), TierId.of("GOLD"), recordHash("GOLD"), List.of(TierId.of("SILVER")));
  }

  @Test
  void asset() {
    Asset eur = Asset.money(Currency.getInstance("EUR"));
    check(
        eur,
        Asset.money(Currency.getInstance("EUR")),
        recordHash(eur.code()),
        List.of(Asset.POINTS, Asset.money(Currency.getInstance("USD"))));
  }

  @Test
  void idempotencyKey() {
    check(
        IdempotencyKey.of("order-1"),
        IdempotencyKey.of("order-1"),
        recordHash("order-1"),
        List.of(IdempotencyKey.of("order-2")));
  }

  @Test
  void accountId() {
    Asset eur = Asset.money(Currency.getInstance("EUR"));
    AccountId paid = AccountId.customer(ANNA, AccountType.WALLET_PAID, eur);
    check(
        paid,
        AccountId.customer(CustomerId.of("anna"), AccountType.WALLET_PAID, eur),
        recordHash(Optional.of(ANNA), AccountType.WALLET_PAID, eur),
        List.of(
            AccountId.customer(BEN, AccountType.WALLET_PAID, eur),
            AccountId.customer(ANNA, AccountType.WALLET_BONUS, eur),
            AccountId.customer(
                ANNA, AccountType.WALLET_PAID, Asset.money(Currency.getInstance("USD")))));
    AccountId cashIn = AccountId.program(AccountType.CASH_IN, eur);
    check(
        cashIn,
        AccountId.program(AccountType.CASH_IN, eur),
        recordHash(Optional.empty(), AccountType.CASH_IN, eur),
        List.of(AccountId.program(AccountType.CASH_IN, Asset.money(Currency.getInstance("USD")))));
  }

  @Test
  void lotAndPostingIds() {
    check(
        new LotId(ANNA, 7),
        new LotId(CustomerId.of("anna"), 7),
        recordHash(ANNA, 7L),
        List.of(new LotId(BEN, 7), new LotId(ANNA, 8)));
    check(
        new PostingId(ANNA, 7),
        new PostingId(CustomerId.of("anna"), 7),
        recordHash(ANNA, 7L),
        List.of(new PostingId(BEN, 7), new PostingId(ANNA, 8)));
    // the same numbers in the two kinds of id are still different keys
    assertThat((Object) new LotId(ANNA, 7)).isNotEqualTo(new PostingId(ANNA, 7));
  }
}
