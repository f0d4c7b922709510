package dev.care.storage.tck;

import dev.care.storage.memory.InMemoryStorage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Faults injected <em>beneath</em> an adapter, in its connection to the data, so that the kit
 * checks how the adapter reports them: a statement that fails before it runs, a commit that lands
 * but whose reply is lost, a commit lost on its way. The kit gives every test a plan in {@link
 * CareStorageCompatibilityKit#faults}; the adapter's test passes it to the adapter's transport:
 *
 * <ul>
 *   <li>JDBC: {@link #dataSource(DataSource)} wraps the data source the adapter is built on (plain
 *       JDK proxies: every statement the adapter executes and every commit go through the plan);
 *   <li>the in-memory adapter: {@code new InMemoryStorage(faults.inMemory())};
 *   <li>any other client: call {@link #statement(String)} before each statement or request of a
 *       unit of work, and {@link #commit()} when sending its commit, doing what it answers.
 * </ul>
 *
 * <p>A plan does nothing until a contract arms it, and each fault fires once. It counts what went
 * through it, so the kit can tell an adapter that never consulted it from one that passed.
 */
public final class FaultPlan {
  /** What the plan does to a commit. */
  public enum CommitFault {
    /** The commit goes through. */
    NONE,
    /** The commit lands, then the connection breaks before its reply arrives. */
    LOSE_REPLY,
    /** The connection breaks while the commit is on its way: it does not land. */
    LOSE_COMMIT
  }

  /** The failure the plan throws from {@link #statement} and, for lost replies, from transports. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the fault.
     *
     * @param message what broke
     */
    public InjectedFault(String message) {
      super(message);
    }
  }

  private final AtomicInteger failStatement = new AtomicInteger();
  private final AtomicReference<CommitFault> nextCommit = new AtomicReference<>(CommitFault.NONE);
  private final AtomicInteger statements = new AtomicInteger();
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger fired = new AtomicInteger();

  /** A plan that injects nothing until armed. */
  public FaultPlan() {}

  /**
   * Fails the {@code n}th statement from now (1 = the next one) before it runs, once.
   *
   * @param n which statement
   * @return this plan
   */
  public FaultPlan failStatement(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    failStatement.set(n);
    return this;
  }

  /**
   * Lets the next commit land, then breaks the connection before its reply arrives, once.
   *
   * @return this plan
   */
  public FaultPlan loseReplyToNextCommit() {
    nextCommit.set(CommitFault.LOSE_REPLY);
    return this;
  }

  /**
   * Breaks the connection while the next commit is on its way, so it does not land, once: the
   * adapter sees the same failure as for a lost reply.
   *
   * @return this plan
   */
  public FaultPlan loseNextCommit() {
    nextCommit.set(CommitFault.LOSE_COMMIT);
    return this;
  }

  /** Disarms every fault. */
  public void heal() {
    failStatement.set(0);
    nextCommit.set(CommitFault.NONE);
  }

  /**
   * Statements that went through the plan so far.
   *
   * @return the count
   */
  public int statements() {
    return statements.get();
  }

  /**
   * Commits that went through the plan so far.
   *
   * @return the count
   */
  public int commits() {
    return commits.get();
  }

  /**
   * Faults the plan injected so far.
   *
   * @return the count
   */
  public int fired() {
    return fired.get();
  }

  /**
   * A transport calls this before each statement (or request) it sends for a unit of work.
   *
   * @param what the statement, for the message
   * @throws InjectedFault if the plan fails this statement
   */
  public void statement(String what) {
    statements.incrementAndGet();
    if (failStatement.get() > 0 && failStatement.decrementAndGet() == 0) {
      fired.incrementAndGet();
      throw new InjectedFault(
          "injected: the connection broke before the statement ran (" + shorten(what) + ")");
    }
  }

  /**
   * A transport calls this when it sends a commit, and does what the answer says.
   *
   * @return what to do to this commit
   */
  public CommitFault commit() {
    commits.incrementAndGet();
    CommitFault fault = nextCommit.getAndSet(CommitFault.NONE);
    if (fault != CommitFault.NONE) {
      fired.incrementAndGet();
    }
    return fault;
  }

  private static String shorten(String what) {
    String one = what.replaceAll("\\s+", " ").strip();
    return one.length() > 80 ? one.substring(0, 80) + "..." : one;
  }

  /**
   * The plan as the in-memory adapter's transport: each write of a committing unit is a statement.
   *
   * @return the transport to build an {@link InMemoryStorage} with
   */
  public InMemoryStorage.Transport inMemory() {
    return new InMemoryStorage.Transport() {
      @Override
      public void write(int write, int writes) {
        statement("write " + write + " of " + writes);
      }

      @Override
      public void commit(Runnable apply) {
        switch (FaultPlan.this.commit()) {
          case NONE -> apply.run();
          case LOSE_REPLY -> {
            apply.run();
            throw new InjectedFault("injected: the reply to the commit was lost");
          }
          case LOSE_COMMIT -> throw new InjectedFault("injected: the commit was lost on its way");
        }
      }
    };
  }

  /**
   * A data source whose connections go through the plan: every {@code execute*} of a statement is a
   * statement of the plan, and {@link Connection#commit()} does what the plan says — as does a
   * statement that writes (INSERT, UPDATE or DELETE in its text) executed with auto-commit on,
   * since it commits as it completes (an adapter may write a unit with one such statement). A
   * failure is a {@link SQLNonTransientConnectionException} with SQLSTATE 08006 (connection
   * failure), as a driver throws when the socket breaks; after it the connection behaves as closed
   * (SQLSTATE 08003), and closing it rolls back what did not commit, as the server does.
   *
   * @param real the adapter's data source
   * @return the wrapped data source
   */
  public DataSource dataSource(DataSource real) {
    Objects.requireNonNull(real, "real");
    return proxy(
        DataSource.class,
        (p, m, args) -> {
          Object result = call(real, m, args);
          return result instanceof Connection c ? connection(c) : result;
        });
  }

  private Connection connection(Connection real) {
    boolean[] broken = new boolean[1];
    return proxy(
        Connection.class,
        (p, m, args) -> {
          String name = m.getName();
          if (broken[0]) {
            switch (name) {
              case "close" -> {
                quietly(real::rollback);
                real.close();
                return null;
              }
              case "isClosed" -> {
                return true;
              }
              case "isValid" -> {
                return false;
              }
              default ->
                  throw new SQLNonTransientConnectionException(
                      "This connection has been closed.", "08003");
            }
          }
          if (name.equals("commit")) {
            switch (commit()) {
              case NONE -> real.commit();
              case LOSE_REPLY -> {
                real.commit();
                broken[0] = true;
                throw lost("An I/O error occurred while sending to the backend (reply to COMMIT)");
              }
              case LOSE_COMMIT -> {
                real.rollback();
                broken[0] = true;
                throw lost("An I/O error occurred while sending to the backend (COMMIT)");
              }
            }
            return null;
          }
          Object result = call(real, m, args);
          if (result instanceof Statement s) {
            String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : name;
            return statement(real, s, sql, broken);
          }
          return result;
        });
  }

  private Object statement(Connection connection, Statement real, String sql, boolean[] broken) {
    Class<? extends Statement> type =
        real instanceof CallableStatement
            ? CallableStatement.class
            : real instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return proxy(
        type,
        (p, m, args) -> {
          if (m.getName().startsWith("execute")) {
            if (broken[0]) {
              throw new SQLNonTransientConnectionException(
                  "This connection has been closed.", "08003");
            }
            String text = args != null && args.length > 0 && args[0] instanceof String q ? q : sql;
            try {
              statement(text);
            } catch (InjectedFault e) {
              broken[0] = true;
              throw lost(e.getMessage());
            }
            if (connection.getAutoCommit() && writes(text)) {
              // a write with auto-commit on commits as it completes: it is the unit's commit
              switch (commit()) {
                case NONE -> {
                  return call(real, m, args);
                }
                case LOSE_REPLY -> {
                  call(real, m, args);
                  broken[0] = true;
                  throw lost(
                      "An I/O error occurred while sending to the backend (reply to a statement"
                          + " committing on its own)");
                }
                case LOSE_COMMIT -> {
                  broken[0] = true;
                  throw lost(
                      "An I/O error occurred while sending to the backend (a statement committing"
                          + " on its own)");
                }
              }
            }
          }
          return call(real, m, args);
        });
  }

  /** Whether a statement's text writes (INSERT, UPDATE or DELETE, also inside a WITH). */
  private static boolean writes(String sql) {
    return WRITE.matcher(sql).find();
  }

  private static final java.util.regex.Pattern WRITE =
      java.util.regex.Pattern.compile(
          "\\b(INSERT|UPDATE|DELETE)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

  private static SQLException lost(String message) {
    return new SQLNonTransientConnectionException(message, "08006");
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  private static void quietly(SqlAction action) {
    try {
      action.run();
    } catch (SQLException ignored) {
      // the connection is going away: the server rolls back what did not commit
    }
  }

  private static Object call(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T)
        Proxy.newProxyInstance(FaultPlan.class.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
