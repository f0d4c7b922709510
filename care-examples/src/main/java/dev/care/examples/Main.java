package dev.care.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code care-examples.jar}: {@code java -jar care-examples/target/care-examples.jar
 * <command> [options]}. Each command is a function of its arguments and output stream that returns
 * the process exit code, so tests can run it in-process.
 */
public final class Main {
  /** A subcommand: its options, standard output and standard error in, exit code out. */
  @FunctionalInterface
  interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static final Map<String, Command> COMMANDS = new TreeMap<>();

  static {
    COMMANDS.put("demo", (args, out, err) -> new Demo().run(args, out, err));
    COMMANDS.put("analyze", (args, out, err) -> new Analyze().run(args, out, err));
  }

  private Main() {}

  /**
   * Runs a command and exits with its code.
   *
   * @param args the command name followed by its options
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs a command without exiting the JVM.
   *
   * @param args the command name followed by its options
   * @param out standard output
   * @param err standard error
   * @return the exit code: 0 on success, 1 when the input cannot be used, 2 on a usage error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(
          "usage: java -jar care-examples.jar <"
              + String.join("|", COMMANDS.keySet())
              + "> [options]; <command> --help for its options");
      return 0;
    }
    if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
      err.println(
          (args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'")
              + "; usage: java -jar care-examples.jar <"
              + String.join("|", COMMANDS.keySet())
              + "> [options]");
      return 2;
    }
    return COMMANDS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length), out, err);
  }
}
