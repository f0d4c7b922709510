package dev.care.rules.program.internal;

/**
 * Makes text from an untrusted definition safe to put in a message: control characters (ANSI
 * escapes, NUL, line breaks), invisible format characters (bidirectional overrides, zero-width
 * joiners, byte-order marks) and unpaired surrogates are written as {@code \}{@code u{XXXX}}, and
 * long values are cut short with their length stated.
 */
public final class Text {
  /** Most code points of a quoted value shown in a message. */
  public static final int MAX_QUOTED = 60;

  private Text() {}

  /**
   * Escapes every character that could change how a terminal or log viewer shows the message, and
   * cuts the text to at most {@code max} code points (saying how long it was).
   *
   * @param s the text
   * @param max most code points kept
   * @return the safe text
   */
  public static String safe(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 16);
    int shown = 0;
    int i = 0;
    while (i < s.length()) {
      if (shown >= max) {
        b.append("… (").append(s.codePointCount(0, s.length())).append(" characters)");
        return b.toString();
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      shown++;
      if (unsafe(cp)) {
        b.append("\\u{").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT));
        b.append('}');
      } else {
        b.appendCodePoint(cp);
      }
    }
    return b.toString();
  }

  /**
   * A value from the input in single quotes, escaped and cut to {@link #MAX_QUOTED} code points.
   *
   * @param s the value
   * @return the quoted value, e.g. {@code 'abc'}
   */
  public static String quote(String s) {
    int length = s.codePointCount(0, s.length());
    if (length <= MAX_QUOTED) {
      return "'" + safe(s, MAX_QUOTED) + "'";
    }
    String head = s.substring(0, s.offsetByCodePoints(0, MAX_QUOTED));
    return "'" + safe(head, MAX_QUOTED) + "…' (" + length + " characters)";
  }

  private static boolean unsafe(int cp) {
    if (Character.isISOControl(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE;
  }
}
