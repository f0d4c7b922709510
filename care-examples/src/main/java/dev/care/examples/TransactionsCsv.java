package dev.care.examples;

import dev.care.core.customer.CustomerId;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a transactions CSV ({@code customer_id,date,amount}) in one streaming pass into columns — a
 * customer number, an epoch day and an amount in minor units per row — with no object per row:
 * customer ids are interned from their bytes, dates of the common {@code YYYY-MM-DD} form and plain
 * decimal amounts are parsed from the bytes directly (anything else goes through the JDK parsers
 * for an exact message).
 *
 * <p>The text must be UTF-8 (a byte-order mark, as Excel writes, is skipped): the first byte that
 * is not, or a NUL byte, stops the read with its offset, line and column. One record per line;
 * quoted fields are understood within a line. Rows that cannot be read are reported with their line
 * number (the first {@value #MAX_REPORTED}; then counted) and skipped.
 */
final class TransactionsCsv {
  /** Rows reported one by one on standard error; the rest are counted. */
  static final int MAX_REPORTED = 100;

  private static final int BUFFER = 1 << 20;

  /** The file is not UTF-8 text, or not text at all. */
  static final class NotTextException extends IOException {
    private static final long serialVersionUID = 1L;

    NotTextException(String message) {
      super(message);
    }
  }

  /**
   * The rows read.
   *
   * @param ids the customers, by customer number
   * @param customer each row's customer number
   * @param epochDay each row's day
   * @param amountMinor each row's amount
   * @param rows rows used in the arrays
   * @param latestDay the latest day of any row ({@code Long.MIN_VALUE} when none)
   * @param skipped rows that could not be read
   */
  record Columns(
      List<CustomerId> ids,
      int[] customer,
      int[] epochDay,
      long[] amountMinor,
      int rows,
      long latestDay,
      long skipped) {}

  private final int digits;
  private final PrintStream err;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private final List<CustomerId> ids = new ArrayList<>();
  private byte[][] keys = new byte[1 << 16][];
  private int[] hashes = new int[1 << 16];
  private int[] slots = new int[1 << 17];
  private int last = -1;

  private int[] customer = new int[1 << 16];
  private int[] day = new int[1 << 16];
  private long[] amount = new long[1 << 16];
  private int rows;
  private long latest = Long.MIN_VALUE;
  private long skipped;

  private final int[] dateKeys = new int[4096];
  private final int[] dateValues = new int[4096];

  private TransactionsCsv(int digits, PrintStream err) {
    this.digits = digits;
    this.err = err;
  }

  /**
   * Reads a file.
   *
   * @param file the CSV
   * @param digits the currency's fraction digits
   * @param err where bad rows are reported
   * @return the columns
   * @throws NotTextException when the file is not UTF-8 text
   * @throws IOException when it cannot be read or its header is wrong
   */
  static Columns read(Path file, int digits, PrintStream err) throws IOException {
    TransactionsCsv r = new TransactionsCsv(digits, err);
    try (InputStream in = Files.newInputStream(file)) {
      r.readAll(in);
    }
    if (r.skipped > MAX_REPORTED) {
      err.println(
          "... and " + (r.skipped - MAX_REPORTED) + " more rows that could not be read (skipped)");
    }
    return new Columns(
        List.copyOf(r.ids), r.customer, r.day, r.amount, r.rows, r.latest, r.skipped);
  }

  private void readAll(InputStream in) throws IOException {
    byte[] buf = new byte[BUFFER];
    int len = 0;
    long consumed = 0; // bytes of the file before buf[0]
    int line = 0;
    boolean start = true;
    boolean header = true;
    while (true) {
      int n = in.read(buf, len, buf.length - len);
      boolean eof = n < 0;
      if (!eof) {
        len += n;
        if (start && len < 3) {
          continue;
        }
      }
      int pos = 0;
      if (start) {
        start = false;
        if (len >= 3
            && (buf[0] & 0xFF) == 0xEF
            && (buf[1] & 0xFF) == 0xBB
            && (buf[2] & 0xFF) == 0xBF) {
          pos = 3; // UTF-8 byte-order mark: Excel's "CSV UTF-8"
        }
      }
      while (pos < len) {
        int nl = indexOf(buf, pos, len, (byte) '\n');
        if (nl < 0) {
          if (!eof) {
            break;
          }
          nl = len;
        }
        line++;
        int end = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
        if (header) {
          if (!blank(buf, pos, end)) {
            header(buf, pos, end, consumed + pos, line);
            header = false;
          }
        } else {
          row(buf, pos, end, consumed + pos, line);
        }
        pos = nl + 1;
      }
      if (eof) {
        return;
      }
      pos = Math.min(pos, len);
      System.arraycopy(buf, pos, buf, 0, len - pos);
      consumed += pos;
      len -= pos;
      if (len == buf.length) {
        throw new IOException("line " + (line + 1) + " is longer than " + BUFFER + " bytes");
      }
    }
  }

  private static int indexOf(byte[] b, int from, int to, byte v) {
    for (int i = from; i < to; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Checks a line is UTF-8 text; returns whether it has a quote character. */
  private boolean checkText(byte[] b, int from, int to, long offset, int line) throws IOException {
    boolean ascii = true;
    boolean quoted = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == 0) {
        throw new NotTextException(
            String.format(
                Locale.ROOT,
                "is not a text file: NUL byte at offset %d (line %d, column %d)",
                offset + i - from,
                line,
                columnOf(b, from, i)));
      }
      if (c < 0) {
        ascii = false;
      } else if (c == '"') {
        quoted = true;
      }
    }
    if (!ascii) {
      decoder.reset();
      ByteBuffer in = ByteBuffer.wrap(b, from, to - from);
      CharBuffer out = CharBuffer.allocate(to - from);
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        int at = in.position();
        throw new NotTextException(
            String.format(
                Locale.ROOT,
                "is not UTF-8 text: byte 0x%02X at offset %d (line %d, column %d) is not valid"
                    + " UTF-8; save it as UTF-8 (Excel: \"CSV UTF-8\")",
                b[at] & 0xFF,
                offset + at - from,
                line,
                columnOf(b, from, at)));
      }
    }
    return quoted;
  }

  private static int columnOf(byte[] b, int from, int at) {
    return new String(b, from, at - from, StandardCharsets.UTF_8).length() + 1;
  }

  private void header(byte[] b, int from, int to, long offset, int line) throws IOException {
    checkText(b, from, to, offset, line);
    String text = new String(b, from, to - from, StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    for (String h : split(text)) {
      names.add(h.strip().toLowerCase(Locale.ROOT));
    }
    if (!names.equals(List.of("customer_id", "date", "amount"))) {
      throw new IOException(
          "line " + line + ": header must be customer_id,date,amount, got " + quote(text));
    }
  }

  private void row(byte[] b, int from, int to, long offset, int line) throws IOException {
    // one pass for the common line: plain ASCII, no quote, no NUL, the two commas found on the way
    int c1 = -1;
    int c2 = -1;
    int commas = 0;
    boolean plain = true;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == ',') {
        if (commas == 0) {
          c1 = i;
        } else if (commas == 1) {
          c2 = i;
        }
        commas++;
      } else if (c <= 0 || c == '"') {
        plain = false;
        break;
      }
    }
    boolean quoted = !plain && checkText(b, from, to, offset, line);
    if (blank(b, from, to)) {
      return;
    }
    try {
      if (quoted) {
        slowRow(new String(b, from, to - from, StandardCharsets.UTF_8));
        return;
      }
      if (!plain) { // UTF-8 beyond ASCII, checked: count the commas again
        c1 = indexOf(b, from, to, (byte) ',');
        c2 = c1 < 0 ? -1 : indexOf(b, c1 + 1, to, (byte) ',');
        commas = c2 < 0 || indexOf(b, c2 + 1, to, (byte) ',') >= 0 ? 0 : 2;
      }
      if (commas != 2) {
        slowRow(new String(b, from, to - from, StandardCharsets.UTF_8));
        return;
      }
      int who = intern(b, from, c1);
      int when = date(b, c1 + 1, c2);
      long howMuch = amount(b, c2 + 1, to);
      add(who, when, howMuch);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      skipped++;
      if (skipped <= MAX_REPORTED) {
        err.println("line " + line + ": " + safe(e.getMessage(), 200) + " (skipped)");
      }
    }
  }

  private void add(int who, int when, long howMuch) {
    if (rows == customer.length) {
      int size = rows + (rows >> 1);
      customer = Arrays.copyOf(customer, size);
      day = Arrays.copyOf(day, size);
      amount = Arrays.copyOf(amount, size);
    }
    customer[rows] = who;
    day[rows] = when;
    amount[rows] = howMuch;
    rows++;
    latest = Math.max(latest, when);
  }

  /** A row with quotes or the wrong number of fields: split as text, parsed by the JDK. */
  private void slowRow(String text) {
    List<String> fields = split(text);
    if (fields.size() != 3) {
      throw new IllegalArgumentException("expected 3 fields, got " + fields.size());
    }
    byte[] id = fields.get(0).getBytes(StandardCharsets.UTF_8);
    int who = intern(id, 0, id.length);
    LocalDate date;
    try {
      date = LocalDate.parse(fields.get(1).strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date must be YYYY-MM-DD, got " + quote(fields.get(1)), e);
    }
    add(who, Math.toIntExact(date.toEpochDay()), slowAmount(fields.get(2)));
  }

  /** Splits one line of CSV, with double-quoted fields ({@code ""} for a quote inside). */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean inQuotes = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inQuotes) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          inQuotes = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        inQuotes = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }

  private int intern(byte[] b, int from, int to) {
    while (from < to && (b[from] == ' ' || b[from] == '\t')) {
      from++;
    }
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
      to--;
    }
    if (last >= 0 && Arrays.equals(keys[last], 0, keys[last].length, b, from, to)) {
      return last; // rows of one customer usually come together
    }
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    h ^= h >>> 16;
    int mask = slots.length - 1;
    int at = h & mask;
    while (slots[at] != 0) {
      int c = slots[at] - 1;
      if (hashes[c] == h && Arrays.equals(keys[c], 0, keys[c].length, b, from, to)) {
        last = c;
        return c;
      }
      at = (at + 1) & mask;
    }
    CustomerId id = CustomerId.of(new String(b, from, to - from, StandardCharsets.UTF_8));
    int c = ids.size();
    ids.add(id);
    if (c == keys.length) {
      keys = Arrays.copyOf(keys, c * 2);
      hashes = Arrays.copyOf(hashes, c * 2);
    }
    keys[c] = Arrays.copyOfRange(b, from, to);
    hashes[c] = h;
    slots[at] = c + 1;
    if (ids.size() * 2 > slots.length) {
      rehash();
    }
    last = c;
    return c;
  }

  private void rehash() {
    int[] bigger = new int[slots.length * 2];
    int mask = bigger.length - 1;
    for (int c = 0; c < ids.size(); c++) {
      int at = hashes[c] & mask;
      while (bigger[at] != 0) {
        at = (at + 1) & mask;
      }
      bigger[at] = c + 1;
    }
    slots = bigger;
  }

  private int date(byte[] b, int from, int to) {
    while (from < to && b[from] == ' ') {
      from++;
    }
    while (to > from && b[to - 1] == ' ') {
      to--;
    }
    if (to - from == 10 && b[from + 4] == '-' && b[from + 7] == '-') {
      int y = digits(b, from, from + 4);
      int m = digits(b, from + 5, from + 7);
      int d = digits(b, from + 8, from + 10);
      if (y >= 0 && m >= 0 && d >= 0) {
        int key = y * 10_000 + m * 100 + d;
        int slot = (key * 0x9E3779B1 >>> 20) & (dateKeys.length - 1);
        if (dateKeys[slot] == key + 1) {
          return dateValues[slot];
        }
        try {
          int v = Math.toIntExact(LocalDate.of(y, m, d).toEpochDay());
          dateKeys[slot] = key + 1;
          dateValues[slot] = v;
          return v;
        } catch (DateTimeException e) {
          // fall through for the JDK's message
        }
      }
    }
    String text = new String(b, from, to - from, StandardCharsets.UTF_8);
    try {
      return Math.toIntExact(LocalDate.parse(text).toEpochDay());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date must be YYYY-MM-DD, got " + quote(text), e);
    }
  }

  private static int digits(byte[] b, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** A plain decimal such as {@code 12.34} in minor units; anything else by {@link BigDecimal}. */
  private long amount(byte[] b, int from, int to) {
    while (from < to && b[from] == ' ') {
      from++;
    }
    while (to > from && b[to - 1] == ' ') {
      to--;
    }
    long v = 0;
    int places = -1;
    int count = 0;
    boolean plain = to > from && to - from <= 18;
    for (int i = from; plain && i < to; i++) {
      byte c = b[i];
      if (c == '.' && places < 0 && i > from) {
        places = 0;
      } else if (c >= '0' && c <= '9') {
        v = v * 10 + (c - '0');
        count++;
        if (places >= 0) {
          places++;
        }
      } else {
        plain = false;
      }
    }
    if (plain && count > 0 && places != 0 && Math.max(places, 0) <= digits) {
      for (int p = Math.max(places, 0); p < digits; p++) {
        v *= 10;
      }
      return v;
    }
    return slowAmount(new String(b, from, to - from, StandardCharsets.UTF_8));
  }

  private long slowAmount(String raw) {
    String text = raw.strip();
    BigDecimal amount;
    try {
      if (text.length() > 40) {
        throw new NumberFormatException();
      }
      amount = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount must be a decimal number, got " + quote(raw), e);
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must be >= 0, got " + text);
    }
    if (amount.precision() - amount.scale() > 15) {
      throw new IllegalArgumentException(
          "amount must have at most 15 digits before the decimal point, got " + text);
    }
    try {
      return amount.movePointRight(digits).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount must have at most " + digits + " decimals, got " + text, e);
    }
  }

  /** A value from the file for a message: quoted, control characters escaped, cut at 60. */
  static String quote(String s) {
    return "'" + safe(s, 60) + "'";
  }

  /** Text with control characters escaped as {@code \}{@code u{XXXX}}, cut at {@code max}. */
  static String safe(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (i == max) {
        return b.append("… (").append(s.length()).append(" characters)").toString();
      }
      char c = s.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        b.append("\\u{").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append('}');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
