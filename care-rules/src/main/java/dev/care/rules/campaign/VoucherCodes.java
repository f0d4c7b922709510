package dev.care.rules.campaign;

import dev.care.core.customer.CustomerId;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Makes voucher codes: {@code XXXX-XXXX-XXXX}, twelve characters from an alphabet without the
 * look-alikes {@code 0 O 1 I L} (31 symbols, about 59 bits), which matches the code pattern of
 * {@link dev.care.core.voucher.Voucher}. Implementations must be thread-safe.
 *
 * <ul>
 *   <li>{@link #secureRandom()} (the default): unpredictable, from {@link SecureRandom}.
 *   <li>{@link #keyed(byte[])}: an HMAC of (campaign, run, customer) under a secret, so every
 *       application instance derives the same code for the same occasion — two instances running
 *       the same campaign at once then collide on the code and only one commits.
 *   <li>{@link #seeded(long)}: reproducible, for tests and replays only.
 * </ul>
 */
public interface VoucherCodes {
  /** The symbols codes are made of: A–Z and 2–9 without 0, O, 1, I and L. */
  String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

  /**
   * A code for one customer's voucher from one campaign run.
   *
   * @param campaignId the campaign
   * @param runKey the run
   * @param customer the holder
   * @param attempt 0 for the first try, then 1, 2... if a code was already taken
   * @return a code matching {@code [A-Z0-9][A-Z0-9-]{5,39}}
   */
  String code(String campaignId, String runKey, CustomerId customer, int attempt);

  /**
   * Unpredictable codes from a {@link SecureRandom}.
   *
   * @return the generator
   */
  static VoucherCodes secureRandom() {
    return new Codes.Random(new SecureRandom());
  }

  /**
   * Reproducible codes from a seed — predictable, so for tests and replays only.
   *
   * @param seed the seed
   * @return the generator
   */
  static VoucherCodes seeded(long seed) {
    return new Codes.Seeded(seed);
  }

  /**
   * Codes derived with HMAC-SHA256 from (campaign, run, customer, attempt) under a secret:
   * unpredictable without the secret, and the same on every instance that shares it.
   *
   * @param secret at least 16 bytes (copied)
   * @return the generator
   */
  static VoucherCodes keyed(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException(
          "voucher code secret must be at least 16 bytes, got " + secret.length);
    }
    return new Codes.Keyed(secret.clone());
  }
}
