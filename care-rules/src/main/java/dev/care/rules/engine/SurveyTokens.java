package dev.care.rules.engine;

import dev.care.core.customer.CustomerId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the reply token of a satisfaction survey: the customer id (base64url) and 128 unguessable
 * bits (base64url), joined by a dot. The engine stores the token in the survey's care action and
 * {@link CareEngine#recordFeedback} finds it there, so a token never needs to be recomputed: the
 * strategy only decides how unpredictable and how reproducible it is. Implementations must be
 * thread-safe.
 *
 * <ul>
 *   <li>{@link #secureRandom()} (the default): 128 bits from {@link SecureRandom}.
 *   <li>{@link #keyed(byte[])}: an HMAC-SHA256 of (customer, survey key) under a secret, so every
 *       instance and every replay derives the same token for the same survey.
 * </ul>
 */
public interface SurveyTokens {
  /**
   * The token of one survey.
   *
   * @param customer the customer asked
   * @param surveyKey the survey care action's idempotency key
   * @return the token
   */
  String token(CustomerId customer, String surveyKey);

  /**
   * Tokens with 128 bits from a {@link SecureRandom}.
   *
   * @return the strategy
   */
  static SurveyTokens secureRandom() {
    SecureRandom random = new SecureRandom();
    return (customer, surveyKey) -> {
      byte[] bits = new byte[16];
      random.nextBytes(bits);
      return join(customer, bits);
    };
  }

  /**
   * Tokens derived with HMAC-SHA256 from (customer, survey key) under a secret: unguessable without
   * the secret, the same on every instance that shares it.
   *
   * @param secret at least 16 bytes (copied)
   * @return the strategy
   */
  static SurveyTokens keyed(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException(
          "survey token secret must be at least 16 bytes, got " + secret.length);
    }
    SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    return (customer, surveyKey) -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        byte[] full =
            mac.doFinal((customer.value() + "\n" + surveyKey).getBytes(StandardCharsets.UTF_8));
        return join(customer, java.util.Arrays.copyOf(full, 16));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    };
  }

  private static String join(CustomerId customer, byte[] bits) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(customer.value().getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(bits);
  }
}
