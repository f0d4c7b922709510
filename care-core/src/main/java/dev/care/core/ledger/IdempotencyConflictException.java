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

  /**
   * The conflict between the first command of a key and a later, different one, naming the record
   * components that differ (or the command type).
   *
   * @param key the key
   * @param first the command that used the key first
   * @param later the later command with the same key
   * @return the exception to throw
   */
  public static IdempotencyConflictException between(
      IdempotencyKey key, Command first, Command later) {
    if (!first.getClass().equals(later.getClass())) {
      return new IdempotencyConflictException(
          key,
          List.of(
              "command type ("
                  + first.getClass().getSimpleName()
                  + " vs "
                  + later.getClass().getSimpleName()
                  + ")"));
    }
    List<String> out = new java.util.ArrayList<>();
    for (java.lang.reflect.RecordComponent rc : first.getClass().getRecordComponents()) {
      try {
        if (!java.util.Objects.equals(
            rc.getAccessor().invoke(first), rc.getAccessor().invoke(later))) {
          out.add(rc.getName());
        }
      } catch (IllegalAccessException | java.lang.reflect.InvocationTargetException e) {
        throw new IllegalStateException("cannot compare " + rc.getName(), e);
      }
    }
    return new IdempotencyConflictException(key, out);
  }
}
