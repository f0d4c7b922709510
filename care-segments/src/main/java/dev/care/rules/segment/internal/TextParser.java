package dev.care.rules.segment.internal;

import dev.care.core.customer.Channel;
import dev.care.rules.segment.Attribute;
import dev.care.rules.segment.Comparison;
import dev.care.rules.segment.SegmentParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hand-written recursive-descent parser of the text form.
 *
 * <pre>
 * expr    := and ('or' and)*
 * and     := unary ('and' unary)*
 * unary   := 'not' unary | primary
 * primary := '(' expr ')' | 'hasTag' '(' name ')' | 'consent' '(' CHANNEL ')'
 *          | 'birthdayWithin' number ('days' | 'day')
 *          | attr op number | attr 'between' number 'and' number
 *          | attr 'in' '(' name (',' name)* ')' | attr ('=' | '!=') name
 * </pre>
 */
public final class TextParser<E> {
  private enum Kind {
    NAME,
    NUMBER,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    END
  }

  private record Token(Kind kind, String text, int line, int column) {
    String describe() {
      return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
  }

  private final List<Token> tokens;
  private final ExpressionFactory<E> make;
  private int pos;

  /**
   * Tokenises the text.
   *
   * @param text the expression text
   * @param make builds the nodes of the expression
   */
  public TextParser(String text, ExpressionFactory<E> make) {
    this.make = make;
    this.tokens = lex(text);
  }

  /**
   * Parses a whole expression; the input must end after it.
   *
   * @return the expression
   */
  public E parseExpression() {
    E e = parseOr();
    Token t = peek();
    if (t.kind != Kind.END) {
      throw error(t, "'and', 'or' or end of input");
    }
    return e;
  }

  private E parseOr() {
    List<E> ops = new ArrayList<>();
    ops.add(parseAnd());
    while (isKeyword(peek(), "or")) {
      pos++;
      ops.add(parseAnd());
    }
    return ops.size() == 1 ? ops.get(0) : make.or(ops);
  }

  private E parseAnd() {
    List<E> ops = new ArrayList<>();
    ops.add(parseUnary());
    while (isKeyword(peek(), "and")) {
      pos++;
      ops.add(parseUnary());
    }
    return ops.size() == 1 ? ops.get(0) : make.and(ops);
  }

  private E parseUnary() {
    if (isKeyword(peek(), "not")) {
      pos++;
      return make.not(parseUnary());
    }
    return parsePrimary();
  }

  private static final String CONDITION =
      "a condition (an attribute, 'not', '(', 'hasTag', 'consent' or 'birthdayWithin')";

  private E parsePrimary() {
    Token t = next();
    if (t.kind == Kind.LPAREN) {
      E e = parseOr();
      expect(Kind.RPAREN, "')'");
      return e;
    }
    if (t.kind != Kind.NAME) {
      throw error(t, CONDITION);
    }
    switch (t.text) {
      case "hasTag":
        {
          expect(Kind.LPAREN, "'(' after hasTag");
          Token name = expectName("a tag name");
          expect(Kind.RPAREN, "')'");
          return make.hasTag(name.text);
        }
      case "consent":
        {
          expect(Kind.LPAREN, "'(' after consent");
          Token name = expect(Kind.NAME, "a channel (" + names(Channel.values()) + ")");
          Channel channel;
          try {
            channel = Channel.valueOf(name.text);
          } catch (IllegalArgumentException e) {
            throw error(name, "a channel (" + names(Channel.values()) + ")");
          }
          expect(Kind.RPAREN, "')'");
          return make.consented(channel);
        }
      case "birthdayWithin":
        {
          Token n = expect(Kind.NUMBER, "a number of days after birthdayWithin");
          long days = number(n);
          if (days < 0 || days > 366) {
            throw error(n, "a number of days from 0 to 366");
          }
          Token unit = next();
          if (!isKeyword(unit, "days") && !isKeyword(unit, "day")) {
            throw error(unit, "'days'");
          }
          return make.birthdayWithin((int) days);
        }
      case "and":
      case "or":
      case "not":
      case "in":
      case "between":
        throw error(t, CONDITION);
      default:
        break;
    }
    Attribute attribute =
        Attribute.byTextName(t.text)
            .orElseThrow(
                () ->
                    new SegmentParseException(
                        t.line,
                        t.column,
                        "an attribute (" + attributeNames() + ") or a condition",
                        "unknown attribute '" + t.text + "'"));
    return switch (attribute.kind()) {
      case NUMBER, DAYS_SINCE -> parseNumeric(attribute);
      case ENUMERATION -> parseEnumeration(attribute);
      case TAGS -> throw error(t, "hasTag(name) to test tags (type mismatch: tags is a tag set)");
      case CONSENT -> throw error(t, "consent(CHANNEL) (type mismatch: consent is per channel)");
      case BIRTHDAY -> throw error(t, "birthdayWithin N days (type mismatch: birthday is a date)");
    };
  }

  private E parseNumeric(Attribute attribute) {
    Token t = next();
    if (isKeyword(t, "between")) {
      Token lo = expect(Kind.NUMBER, "a number after 'between'");
      Token and = next();
      if (!isKeyword(and, "and")) {
        throw error(and, "'and' in 'between ... and ...'");
      }
      Token hi = expect(Kind.NUMBER, "a number after 'between " + lo.text + " and'");
      long low = number(lo);
      long high = number(hi);
      if (low > high) {
        throw error(hi, "a number at least " + low + " (the range's low end)");
      }
      return make.between(attribute, low, high);
    }
    if (t.kind != Kind.OP) {
      throw error(
          t,
          "a comparison (=, !=, <, <=, >, >=) or 'between' after numeric attribute "
              + attribute.textName());
    }
    Comparison op = Comparison.bySymbol(t.text).orElseThrow();
    Token v = next();
    if (v.kind != Kind.NUMBER) {
      throw error(
          v, "a number after '" + attribute.textName() + " " + t.text + "' (type mismatch)");
    }
    return make.compare(attribute, op, number(v));
  }

  private E parseEnumeration(Attribute attribute) {
    Token t = next();
    if (isKeyword(t, "in")) {
      expect(Kind.LPAREN, "'(' after 'in'");
      List<String> values = new ArrayList<>();
      Token first = next();
      if (first.kind == Kind.RPAREN) {
        throw error(first, "at least one value in the 'in' list of " + attribute.textName());
      }
      if (first.kind != Kind.NAME && first.kind != Kind.NUMBER) {
        throw error(first, "a value name in the 'in' list of " + attribute.textName());
      }
      values.add(first.text);
      while (peek().kind == Kind.COMMA) {
        pos++;
        values.add(expectName("a value name after ','").text);
      }
      expect(Kind.RPAREN, "',' or ')'");
      return make.in(attribute, values);
    }
    if (t.kind == Kind.OP && (t.text.equals("=") || t.text.equals("!="))) {
      Token v = expectName("a value name after '" + attribute.textName() + " " + t.text + "'");
      E in = make.in(attribute, List.of(v.text));
      return t.text.equals("=") ? in : make.not(in);
    }
    throw error(
        t,
        "'in', '=' or '!=' after enumeration attribute "
            + attribute.textName()
            + (t.kind == Kind.OP ? " (type mismatch: not a number)" : ""));
  }

  private long number(Token t) {
    try {
      return Long.parseLong(t.text);
    } catch (NumberFormatException e) {
      throw error(t, "a number that fits in 64 bits");
    }
  }

  private Token expect(Kind kind, String what) {
    Token t = next();
    if (t.kind != kind) {
      throw error(t, what);
    }
    return t;
  }

  private Token expectName(String what) {
    Token t = next();
    if (t.kind != Kind.NAME && (t.kind != Kind.NUMBER || t.text.startsWith("-"))) {
      throw error(t, what);
    }
    return t;
  }

  private static boolean isKeyword(Token t, String word) {
    return t.kind == Kind.NAME && t.text.equals(word);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind != Kind.END) {
      pos++;
    }
    return t;
  }

  private static SegmentParseException error(Token t, String expected) {
    return new SegmentParseException(t.line, t.column, expected, t.describe());
  }

  private static String attributeNames() {
    return Arrays.stream(Attribute.values())
        .filter(a -> a.isNumeric() || a.kind() == Attribute.Kind.ENUMERATION)
        .map(Attribute::textName)
        .collect(Collectors.joining(", "));
  }

  private static String names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
  }

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int line = 1;
    int lineStart = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int col = i - lineStart + 1;
      if (c == '\n') {
        line++;
        i++;
        lineStart = i;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        out.add(new Token(Kind.LPAREN, "(", line, col));
        i++;
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")", line, col));
        i++;
      } else if (c == ',') {
        out.add(new Token(Kind.COMMA, ",", line, col));
        i++;
      } else if (c == '<' || c == '>' || c == '=' || c == '!') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '=' && c != '=') {
          out.add(new Token(Kind.OP, s.substring(i, i + 2), line, col));
          i += 2;
        } else if (c == '!') {
          throw new SegmentParseException(line, col, "'!=' (use 'not' to negate)", "'!'");
        } else {
          out.add(new Token(Kind.OP, String.valueOf(c), line, col));
          i++;
        }
      } else if (c == '-' || isDigit(c)) {
        int start = i;
        i++;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        boolean nameLike = i < s.length() && isNamePart(s.charAt(i));
        if (c == '-' && i == start + 1 || nameLike && c == '-') {
          throw new SegmentParseException(line, col, "a number", "'" + s.substring(start, i) + "'");
        }
        if (nameLike) {
          while (i < s.length() && isNamePart(s.charAt(i))) {
            i++;
          }
          out.add(new Token(Kind.NAME, s.substring(start, i), line, col));
        } else {
          out.add(new Token(Kind.NUMBER, s.substring(start, i), line, col));
        }
      } else if (isNameStart(c)) {
        int start = i;
        while (i < s.length() && isNamePart(s.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.NAME, s.substring(start, i), line, col));
      } else {
        throw new SegmentParseException(
            line, col, "a name, number, operator, '(', ')' or ','", "'" + c + "'");
      }
    }
    out.add(new Token(Kind.END, "", line, s.length() - lineStart + 1));
    return out;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || isDigit(c);
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || c == '.' || c == '-';
  }
}
