package dev.care.core.voucher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.money.Money;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VoucherTest {
  private static final CustomerId ANN = CustomerId.of("C-1");
  private static final CustomerId BOB = CustomerId.of("C-2");
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final Instant END = T0.plus(Duration.ofDays(30));

  private static Voucher points() {
    return Voucher.issue("SPRING-7K2Q", "spring", ANN, new VoucherValue.Points(500), T0, END);
  }

  @Test
  void redeem_onceByTheHolderWithinValidity_recordsWhenAndAgainstWhat() {
    Voucher redeemed = points().redeem(ANN, T0.plusSeconds(60), "order-17");
    assertThat(redeemed.statusAt(T0.plusSeconds(61))).isEqualTo(VoucherStatus.REDEEMED);
    assertThat(redeemed.redemption())
        .hasValue(new Voucher.Redemption(T0.plusSeconds(60), "order-17"));
    assertThatThrownBy(() -> redeemed.redeem(ANN, T0.plusSeconds(120), "order-18"))
        .isInstanceOf(VoucherNotRedeemableException.class)
        .hasMessage(
            "voucher SPRING-7K2Q cannot be redeemed: it was already redeemed at "
                + T0.plusSeconds(60)
                + " against order-17");
  }

  @Test
  void redeem_byAnotherCustomerOrOutsideValidity_isRefusedWithTheReason() {
    assertThatThrownBy(() -> points().redeem(BOB, T0, "o"))
        .isInstanceOf(VoucherNotRedeemableException.class)
        .hasMessageContaining("issued to another customer, not C-2");
    assertThatThrownBy(() -> points().redeem(ANN, END, "o"))
        .hasMessageContaining("it expired at " + END);
    assertThatThrownBy(() -> points().redeem(ANN, T0.minusSeconds(1), "o"))
        .hasMessageContaining("not valid before " + T0);
    assertThat(points().statusAt(END.minusMillis(1))).isEqualTo(VoucherStatus.ACTIVE);
    assertThat(points().statusAt(END)).isEqualTo(VoucherStatus.EXPIRED);
  }

  @Test
  void constructor_rejectsBadFieldsNamingThem() {
    assertThatThrownBy(
            () -> Voucher.issue("ab", "spring", ANN, new VoucherValue.Points(1), T0, END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("voucher code must match")
        .hasMessageContaining("'ab'");
    assertThatThrownBy(
            () -> Voucher.issue("SPRING-7K2Q", "spring", ANN, new VoucherValue.Points(1), T0, T0))
        .hasMessageContaining("expiresAt");
    assertThatThrownBy(() -> new VoucherValue.Points(0)).hasMessageContaining("positive, got 0");
    assertThatThrownBy(() -> new VoucherValue.PercentOff(101)).hasMessageContaining("got 101");
    assertThatThrownBy(() -> new VoucherValue.BonusValue(Money.ofMinor("EUR", 0)))
        .hasMessageContaining("positive");
  }
}
