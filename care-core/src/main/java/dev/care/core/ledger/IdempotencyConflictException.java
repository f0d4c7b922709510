package dev.care.core.ledger;

import dev.care.core.error.CareException;
import java.util.List;

/**
 * The same idempotency key arrived with a different command (L12). Nothing changed. The message and
 * {@link #differingFields()} name what differs.
 */
public final class IdempotencyConflictException extends CareException {
  private static final long serialVersionUID = 1L;

  /** The key. */
  private final String key;

  /** The fields that differ. */
  private final List<String> differingFields;

  /**
   * Creates the exception.
   *
   * @param key the key
   * @param differingFields the command fields that differ from the first use of the key
   */
  public IdempotencyConflictException(IdempotencyKey key, List<String> differingFields) {
    super(
        "idempotency key '"
            + key
            + "' was already used for a different command; differing fields: "
            + differingFields);
    this.key = key.value();
    this.differingFields = List.copyOf(differingFields);
  }

  /**
   * The key.
   *
   * @return the key
   */
  public IdempotencyKey key() {
    return IdempotencyKey.of(key);
  }

  /**
   * The fields that differ, e.g. {@code [points]} or {@code [command type]}.
   *
   * @return the field names
   */
  public List<String> differingFields() {
    return differingFields;
  }
}
