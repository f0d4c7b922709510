package dev.care.rules.segment;

import dev.care.core.error.CareException;

/** The text form of a segment expression could not be parsed; says where and what was expected. */
public final class SegmentParseException extends CareException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String expected;
  private final String found;

  /**
   * Creates the exception.
   *
   * @param line 1-based line
   * @param column 1-based column
   * @param expected what the parser expected there
   * @param found what it found
   */
  public SegmentParseException(int line, int column, String expected, String found) {
    super("line " + line + ", column " + column + ": expected " + expected + ", found " + found);
    this.line = line;
    this.column = column;
    this.expected = expected;
    this.found = found;
  }

  /**
   * The 1-based line of the offending token.
   *
   * @return the line
   */
  public int line() {
    return line;
  }

  /**
   * The 1-based column of the offending token.
   *
   * @return the column
   */
  public int column() {
    return column;
  }

  /**
   * What was expected, in words.
   *
   * @return e.g. {@code a number}
   */
  public String expected() {
    return expected;
  }

  /**
   * What was found instead.
   *
   * @return e.g. {@code 'in'} or {@code end of input}
   */
  public String found() {
    return found;
  }
}
