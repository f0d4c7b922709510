package dev.care.storage.jdbc.internal;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** What a PostgreSQL failure means for the caller, by SQLSTATE. */
public final class SqlErrors {
  private SqlErrors() {}

  /**
   * The SQLSTATE of a failure, looking through batch and wrapped exceptions.
   *
   * @param e the failure
   * @return the state, or empty if none is known
   */
  public static Optional<String> state(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s.getSQLState() != null && !s.getSQLState().isEmpty()) {
        if (s instanceof PSQLException p && p.getServerErrorMessage() != null) {
          return Optional.ofNullable(p.getServerErrorMessage().getSQLState());
        }
        if (s.getNextException() == null) {
          return Optional.of(s.getSQLState());
        }
      }
    }
    Throwable cause = e.getCause();
    return cause instanceof SQLException s ? state(s) : Optional.ofNullable(e.getSQLState());
  }

  /**
   * The server's error message, looking through batch and wrapped exceptions.
   *
   * @param e the failure
   * @return the server message, if the server sent one
   */
  public static Optional<ServerErrorMessage> serverMessage(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s instanceof PSQLException p && p.getServerErrorMessage() != null) {
        return Optional.of(p.getServerErrorMessage());
      }
      if (s.getCause() instanceof PSQLException p && p.getServerErrorMessage() != null) {
        return Optional.of(p.getServerErrorMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether re-running the whole transaction may succeed: a serialization failure or a deadlock.
   *
   * @param e the failure
   * @return true for SQLSTATE 40001 and 40P01
   */
  public static boolean retryable(SQLException e) {
    String s = state(e).orElse("");
    return s.equals("40001") || s.equals("40P01");
  }

  /**
   * Whether the connection to the server broke (class 08, or the server ended the session).
   *
   * @param e the failure
   * @return true if the connection is gone
   */
  public static boolean connectionLost(SQLException e) {
    String s = state(e).orElse("");
    return s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03");
  }

  /**
   * Whether a failure of COMMIT leaves its outcome unknown: the connection broke, or the server
   * sent no error of its own (a socket timeout, an I/O error, a closed connection: the COMMIT may
   * have reached the server and landed). Only an error the server answered with (a serialization
   * failure or a deferred constraint at commit) means it did not land.
   *
   * @param e the failure of {@code Connection.commit()}
   * @return true if the commit may have landed
   */
  public static boolean commitMayHaveLanded(SQLException e) {
    return connectionLost(e) || serverMessage(e).isEmpty();
  }

  /**
   * The unique constraint a failure violated.
   *
   * @param e the failure
   * @return the constraint name, for SQLSTATE 23505
   */
  public static Optional<String> uniqueViolation(SQLException e) {
    if (!state(e).orElse("").equals("23505")) {
      return Optional.empty();
    }
    return serverMessage(e).map(ServerErrorMessage::getConstraint);
  }

  /**
   * A short description for messages: state and server text.
   *
   * @param e the failure
   * @return e.g. {@code "SQLSTATE 57P01: terminating connection due to administrator command"}
   */
  public static String describe(SQLException e) {
    return "SQLSTATE "
        + state(e).orElse("?")
        + ": "
        + serverMessage(e).map(ServerErrorMessage::getMessage).orElse(e.getMessage());
  }
}
