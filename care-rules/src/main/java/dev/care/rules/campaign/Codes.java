package dev.care.rules.campaign;

import dev.care.core.customer.CustomerId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@link VoucherCodes} implementations. */
final class Codes {
  static final int GROUPS = 3;
  static final int GROUP_LENGTH = 4;
  private static final BigInteger BASE = BigInteger.valueOf(VoucherCodes.ALPHABET.length());

  private Codes() {}

  /** Formats symbol indexes (each 0..30) as {@code XXXX-XXXX-XXXX}. */
  static String format(int[] symbols) {
    StringBuilder sb = new StringBuilder(GROUPS * (GROUP_LENGTH + 1));
    for (int i = 0; i < symbols.length; i++) {
      if (i > 0 && i % GROUP_LENGTH == 0) {
        sb.append('-');
      }
      sb.append(VoucherCodes.ALPHABET.charAt(symbols[i]));
    }
    return sb.toString();
  }

  static final class Random implements VoucherCodes {
    private final SecureRandom random;

    Random(SecureRandom random) {
      this.random = random;
    }

    @Override
    public String code(String campaignId, String runKey, CustomerId customer, int attempt) {
      int[] s = new int[GROUPS * GROUP_LENGTH];
      for (int i = 0; i < s.length; i++) {
        s[i] = random.nextInt(VoucherCodes.ALPHABET.length());
      }
      return format(s);
    }
  }

  static final class Seeded implements VoucherCodes {
    private final SplittableRandom random;

    Seeded(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized String code(
        String campaignId, String runKey, CustomerId customer, int attempt) {
      int[] s = new int[GROUPS * GROUP_LENGTH];
      for (int i = 0; i < s.length; i++) {
        s[i] = random.nextInt(VoucherCodes.ALPHABET.length());
      }
      return format(s);
    }
  }

  static final class Keyed implements VoucherCodes {
    private final byte[] secret;

    Keyed(byte[] secret) {
      this.secret = secret;
    }

    @Override
    public String code(String campaignId, String runKey, CustomerId customer, int attempt) {
      byte[] mac;
      try {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
        String occasion = campaignId + '\n' + runKey + '\n' + customer.value() + '\n' + attempt;
        mac = hmac.doFinal(occasion.getBytes(StandardCharsets.UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
      // 256 bits reduced to 12 base-31 digits (about 59 bits): the bias is below 2^-190
      BigInteger n = new BigInteger(1, mac);
      int[] s = new int[GROUPS * GROUP_LENGTH];
      for (int i = 0; i < s.length; i++) {
        BigInteger[] qr = n.divideAndRemainder(BASE);
        s[i] = qr[1].intValue();
        n = qr[0];
      }
      return format(s);
    }
  }
}
