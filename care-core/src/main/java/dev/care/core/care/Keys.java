package dev.care.core.care;

/** Validation of idempotency keys, shared by actions and tasks. */
final class Keys {
  private Keys() {}

  static void check(String what, String key) {
    if (key.isBlank() || key.length() > 200) {
      throw new IllegalArgumentException(
          what + " idempotencyKey must be 1..200 non-blank characters, got '" + key + "'");
    }
  }
}
