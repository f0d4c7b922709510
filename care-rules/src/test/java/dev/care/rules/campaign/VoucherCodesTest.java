package dev.care.rules.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.care.core.customer.CustomerId;
import dev.care.core.voucher.Voucher;
import dev.care.core.voucher.VoucherValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VoucherCodesTest {
  static final CustomerId ANN = CustomerId.of("ann");
  static final byte[] SECRET = "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);

  static List<String> codes(VoucherCodes g, int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> g.code("spring", "r1", CustomerId.of("c" + i), 0))
        .toList();
  }

  @Test
  void everyGenerator_makesThreeGroupsOfFourUnambiguousSymbols_thatVouchersAccept() {
    for (VoucherCodes g :
        List.of(VoucherCodes.secureRandom(), VoucherCodes.seeded(7), VoucherCodes.keyed(SECRET))) {
      for (String code : codes(g, 500)) {
        assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
        assertThat(code).doesNotContain("0", "O", "1", "I", "L");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(
                Voucher.issue(code, "spring", ANN, new VoucherValue.Points(1), t, t.plusSeconds(1)))
            .extracting(Voucher::code)
            .isEqualTo(code);
      }
    }
  }

  @Test
  void secureRandomCodes_doNotRepeat() {
    List<String> c = codes(VoucherCodes.secureRandom(), 10_000);
    assertThat(new HashSet<>(c)).hasSize(10_000);
  }

  @Test
  void seededCodes_areReproducible() {
    assertThat(codes(VoucherCodes.seeded(42), 20)).isEqualTo(codes(VoucherCodes.seeded(42), 20));
    assertThat(codes(VoucherCodes.seeded(42), 20)).isNotEqualTo(codes(VoucherCodes.seeded(43), 20));
  }

  @Test
  void keyedCodes_areTheSameForTheSameOccasion_andDifferOtherwise() {
    VoucherCodes a = VoucherCodes.keyed(SECRET);
    VoucherCodes b = VoucherCodes.keyed(SECRET.clone());
    assertThat(a.code("spring", "r1", ANN, 0)).isEqualTo(b.code("spring", "r1", ANN, 0));
    Set<String> distinct =
        Set.of(
            a.code("spring", "r1", ANN, 0),
            a.code("spring", "r2", ANN, 0),
            a.code("summer", "r1", ANN, 0),
            a.code("spring", "r1", CustomerId.of("bob"), 0),
            a.code("spring", "r1", ANN, 1),
            VoucherCodes.keyed("another-secret-of-16+".getBytes(StandardCharsets.UTF_8))
                .code("spring", "r1", ANN, 0));
    assertThat(distinct).hasSize(6);
  }

  @Test
  void keyedCodes_needASecretOfAtLeast16Bytes() {
    assertThatThrownBy(() -> VoucherCodes.keyed(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 bytes, got 15");
  }
}
