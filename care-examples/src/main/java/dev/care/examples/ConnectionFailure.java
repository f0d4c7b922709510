package dev.care.examples;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Says in one line why a database refused a connection — wrong user name or password, nothing
 * listening, unknown host, no such database — followed by the driver's own words as the cause.
 */
final class ConnectionFailure {
  private ConnectionFailure() {}

  /**
   * Explains a failure to connect.
   *
   * @param failure what the storage builder threw
   * @param user the user name tried, for the message
   * @return one line: the reason, then the innermost cause's message
   */
  static String explain(Throwable failure, String user) {
    SQLException sql = null;
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && sql == null) {
        sql = s;
      }
      root = t;
      if (t.getCause() == t) {
        break;
      }
    }
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    String reason;
    if (state.equals("28P01") || state.equals("28000")) {
      reason = "the server refused user '" + user + "': wrong user name or password";
    } else if (state.equals("3D000")) {
      reason = "the database does not exist on that server";
    } else if (root instanceof ConnectException) {
      reason = "nothing is listening at that host and port (connection refused); is the server up?";
    } else if (root instanceof UnknownHostException) {
      reason = "unknown host " + root.getMessage();
    } else if (root instanceof SocketTimeoutException || root instanceof NoRouteToHostException) {
      reason = "the host did not answer (timeout or no route); check host, port and firewall";
    } else if (state.startsWith("08")) {
      reason = "the connection could not be established";
    } else {
      reason = "the connection failed";
    }
    String cause = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return reason
        + " (cause: "
        + root.getClass().getName()
        + ": "
        + cause.replaceAll("\\s+", " ").strip()
        + (state.isEmpty() ? "" : ", SQL state " + state)
        + ")";
  }
}
