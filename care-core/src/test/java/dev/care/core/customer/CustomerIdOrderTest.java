package dev.care.core.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.care.core.testing.Pbt;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Customer ids order by code point, as storage pages them. */
class CustomerIdOrderTest {
  private static final List<String> PIECES =
      List.of("a", "B", "\u00e9", "e\u0301", "0", "10", " ", "\ue000", "\uff21", "\ud83d\ude00");

  private static Gen<String> ids() {
    return lists()
        .of(integers().between(0, PIECES.size() - 1).map(PIECES::get))
        .ofSizeBetween(1, 6)
        .map(l -> "c" + String.join("", l));
  }

  @Test
  @DisplayName("a character beyond the BMP sorts after U+FF21, as in PostgreSQL's C collation")
  void supplementaryAfterTopOfTheBmp() {
    CustomerId emoji = CustomerId.of("c\ud83d\ude00");
    CustomerId fullwidth = CustomerId.of("c\uff21");
    assertThat(emoji.value().compareTo(fullwidth.value())).as("UTF-16 order").isNegative();
    assertThat(emoji.compareTo(fullwidth)).as("code-point order").isPositive();
    assertThat(fullwidth.compareTo(emoji)).isNegative();
    assertThat(emoji.compareTo(CustomerId.of("c\ud83d\ude00"))).isZero();
    assertThat(CustomerId.of("c").compareTo(emoji)).as("a prefix first").isNegative();
  }

  @Test
  @DisplayName("ids compare as their code points do, and as their UTF-8 bytes do")
  void codePointOrder() {
    Pbt.qt()
        .forAll(ids(), ids())
        .checkAssert(
            (a, b) -> {
              int byCodePoints =
                  Integer.signum(
                      Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
              int byUtf8 =
                  Integer.signum(
                      Arrays.compareUnsigned(
                          a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                          b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
              int actual = Integer.signum(CustomerId.of(a).compareTo(CustomerId.of(b)));
              assertThat(actual).as("%s vs %s", a, b).isEqualTo(byCodePoints).isEqualTo(byUtf8);
            });
  }
}
