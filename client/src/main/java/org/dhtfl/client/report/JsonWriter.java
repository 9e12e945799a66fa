package org.dhtfl.client.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes plain Java values as JSON (RFC 8259), for run reports:
 *
 * <ul>
 *   <li>a {@link Map} with string keys is an object, its members in the map's iteration order (use a
 *       {@link java.util.LinkedHashMap} or a {@link java.util.TreeMap} for a stable order);</li>
 *   <li>an {@link Iterable} (a list, a set) or a {@code double[]}, {@code int[]} or {@code long[]} is an
 *       array;</li>
 *   <li>a {@link CharSequence} is a string: quotes, backslashes and control characters are escaped
 *       ({@code \n} and the other short forms where JSON has one, {@code \}{@code u00XX} otherwise), and so
 *       are U+2028, U+2029 and unpaired surrogates, so the output is valid UTF-8 and valid JavaScript;</li>
 *   <li>{@link Integer}, {@link Long}, {@link Short}, {@link Byte} and {@link BigInteger} are written
 *       exactly; {@link Double} and {@link Float} with {@link Double#toString}/{@link Float#toString}
 *       (e.g. {@code 0.25}, {@code 1.0E-5}), which read back to the same value; {@link BigDecimal} as
 *       its {@link BigDecimal#toString}. A number that is not finite (NaN, infinity) has no JSON form
 *       and is refused;</li>
 *   <li>{@link Boolean} is {@code true}/{@code false}, {@code null} is {@code null}.</li>
 * </ul>
 *
 * <p>Anything else, a key that is not a string, and a value that contains itself are refused with an
 * {@link IllegalArgumentException} naming the path to the bad value ({@code $.files[2].error}).
 * {@link #compact()} writes no whitespace; {@link #indented()} puts each member and element on its own
 * line, indented by two spaces per level, as {@code JSON.stringify(value, null, 2)} does. Instances are
 * immutable.
 */
public final class JsonWriter {

  private static final JsonWriter COMPACT = new JsonWriter("");
  private static final JsonWriter INDENTED = new JsonWriter("  ");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String indent;

  private JsonWriter(String indent) {
    this.indent = indent;
  }

  /** No whitespace: {@code {"a":[1,2]}}. */
  public static JsonWriter compact() {
    return COMPACT;
  }

  /** One member or element per line, two spaces per level; empty objects and arrays stay {@code {}}/{@code []}. */
  public static JsonWriter indented() {
    return INDENTED;
  }

  /** {@code value} as JSON text, without a trailing newline. */
  public String write(Object value) {
    StringBuilder out = new StringBuilder();
    try {
      write(value, out);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not throw", e);
    }
    return out.toString();
  }

  /**
   * Appends {@code value} as JSON text to {@code out}, without a trailing newline. When the value is
   * refused, {@code out} may already hold the text before the bad part.
   */
  public void write(Object value, Appendable out) throws IOException {
    Objects.requireNonNull(out, "out");
    new Emitter(out).value(value, "$", 0);
  }

  /** The JSON string literal of {@code text}, quotes included. */
  public static String quote(CharSequence text) {
    Objects.requireNonNull(text, "text");
    StringBuilder out = new StringBuilder(text.length() + 2);
    try {
      quote(text, out);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not throw", e);
    }
    return out.toString();
  }

  private static void quote(CharSequence text, Appendable out) throws IOException {
    out.append('"');
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicodeEscape(c, out);
          } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(c, out);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(char c, Appendable out) throws IOException {
    out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
  }

  /** One write: the output, and the containers on the path to the current value (to refuse cycles). */
  private final class Emitter {
    private final Appendable out;
    private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());

    Emitter(Appendable out) {
      this.out = out;
    }

    void value(Object value, String path, int depth) throws IOException {
      if (value == null) {
        out.append("null");
      } else if (value instanceof CharSequence text) {
        quote(text, out);
      } else if (value instanceof Boolean bool) {
        out.append(bool.toString());
      } else if (value instanceof Number number) {
        out.append(number(number, path));
      } else if (value instanceof Map<?, ?> map) {
        enter(map, path);
        object(map, path, depth);
        open.remove(map);
      } else if (value instanceof Iterable<?> iterable) {
        enter(iterable, path);
        array(iterable.iterator(), path, depth);
        open.remove(iterable);
      } else if (value instanceof double[] doubles) {
        array(Arrays.stream(doubles).boxed().iterator(), path, depth);
      } else if (value instanceof int[] ints) {
        array(Arrays.stream(ints).boxed().iterator(), path, depth);
      } else if (value instanceof long[] longs) {
        array(Arrays.stream(longs).boxed().iterator(), path, depth);
      } else {
        throw new IllegalArgumentException(path + " is a " + value.getClass().getName() + ", which has no JSON form");
      }
    }

    private void enter(Object container, String path) {
      if (!open.add(container)) {
        throw new IllegalArgumentException(path + " contains itself");
      }
    }

    private void object(Map<?, ?> map, String path, int depth) throws IOException {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> member : map.entrySet()) {
        if (!(member.getKey() instanceof CharSequence key)) {
          Object bad = member.getKey();
          throw new IllegalArgumentException(path + " has the key " + bad
              + (bad == null ? "" : " (" + bad.getClass().getName() + ")") + ", but JSON keys are strings");
        }
        separate(first, depth + 1);
        first = false;
        quote(key, out);
        out.append(indent.isEmpty() ? ":" : ": ");
        value(member.getValue(), path + "." + key, depth + 1);
      }
      close('}', depth);
    }

    private void array(Iterator<?> elements, String path, int depth) throws IOException {
      if (!elements.hasNext()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; elements.hasNext(); i++) {
        separate(i == 0, depth + 1);
        value(elements.next(), path + "[" + i + "]", depth + 1);
      }
      close(']', depth);
    }

    private void separate(boolean first, int depth) throws IOException {
      if (!first) {
        out.append(',');
      }
      newLine(depth);
    }

    private void close(char bracket, int depth) throws IOException {
      newLine(depth);
      out.append(bracket);
    }

    private void newLine(int depth) throws IOException {
      if (!indent.isEmpty()) {
        out.append('\n').append(indent.repeat(depth));
      }
    }
  }

  private static String number(Number number, String path) {
    if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
        || number instanceof BigInteger || number instanceof BigDecimal) {
      return number.toString();
    }
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(path + " is " + number + ", which JSON cannot represent");
      }
      return number.toString();
    }
    throw new IllegalArgumentException(path + " is a " + number.getClass().getName() + ", which has no JSON form");
  }
}
