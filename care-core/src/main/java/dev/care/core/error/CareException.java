package dev.care.core.error;

/**
 * Base of every failure raised by the library itself (as opposed to caller mistakes, which throw
 * the JDK's {@link IllegalArgumentException} or {@link NullPointerException} naming the parameter).
 * Subclasses are named after what failed and expose structured getters.
 */
public abstract class CareException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed, naming the values involved
   */
  protected CareException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what failed, naming the values involved
   * @param cause the underlying failure
   */
  protected CareException(String message, Throwable cause) {
    super(message, cause);
  }
}
