package org.dhtfl.client.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  /** A run report: an object holding strings, numbers, a boolean, null, an array of objects and empties. */
  private static Map<String, Object> report() {
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("file", "shard-0");
    first.put("rows", 500);
    first.put("error", 0.25);
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("file", "shard-1");
    second.put("rows", 499);
    second.put("error", null);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("model", "mlp");
    report.put("validation_error", 0.1234);
    report.put("converged", true);
    report.put("files", List.of(first, second));
    report.put("failures", List.of());
    report.put("settings", Map.of());
    report.put("shape", new int[] {16, 20, 26});
    return report;
  }

  @Test
  void writesANestedReportCompactly() {
    // Act
    String json = JsonWriter.compact().write(report());

    // Assert
    assertThat(json).isEqualTo("{\"model\":\"mlp\",\"validation_error\":0.1234,\"converged\":true,"
        + "\"files\":[{\"file\":\"shard-0\",\"rows\":500,\"error\":0.25},{\"file\":\"shard-1\",\"rows\":499,\"error\":null}],"
        + "\"failures\":[],\"settings\":{},\"shape\":[16,20,26]}");
  }

  @Test
  void writesANestedReportIndentedByTwoSpacesPerLevel() {
    // Act
    String json = JsonWriter.indented().write(report());

    // Assert
    assertThat(json).isEqualTo("""
        {
          "model": "mlp",
          "validation_error": 0.1234,
          "converged": true,
          "files": [
            {
              "file": "shard-0",
              "rows": 500,
              "error": 0.25
            },
            {
              "file": "shard-1",
              "rows": 499,
              "error": null
            }
          ],
          "failures": [],
          "settings": {},
          "shape": [
            16,
            20,
            26
          ]
        }""");
  }

  @Test
  void writesArraysOfArraysAndScalarsAtTheTop() {
    assertThat(JsonWriter.compact().write(List.of(List.of(1, 2), List.of(), new double[] {0.5}, new long[] {-3L})))
        .isEqualTo("[[1,2],[],[0.5],[-3]]");
    assertThat(JsonWriter.compact().write("text")).isEqualTo("\"text\"");
    assertThat(JsonWriter.indented().write(7)).isEqualTo("7");
    assertThat(JsonWriter.indented().write(null)).isEqualTo("null");
    assertThat(JsonWriter.indented().write(false)).isEqualTo("false");
  }

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    // Arrange
    String text = "say \"hi\" \\ C:\\data\ttab\nnew line\r\b\f\u0000\u001f\u007f end";

    // Act
    String json = JsonWriter.quote(text);

    // Assert
    assertThat(json).isEqualTo(
        "\"say \\\"hi\\\" \\\\ C:\\\\data\\ttab\\nnew line\\r\\b\\f\\u0000\\u001f\u007f end\"");
  }

  @Test
  void escapesLineSeparatorsAndUnpairedSurrogatesButKeepsOtherUnicode() {
    // Arrange: U+2028, U+2029, a lone high and a lone low surrogate, and a pair (U+1F600), accents, CJK
    String text = "a\u2028b\u2029c\ud800d\udc00e\ud83d\ude00 é 字";

    // Act
    String json = JsonWriter.quote(text);

    // Assert
    assertThat(json).isEqualTo("\"a\\u2028b\\u2029c\\ud800d\\udc00e\ud83d\ude00 é 字\"");
  }

  @Test
  void escapesKeysLikeStrings() {
    assertThat(JsonWriter.compact().write(Map.of("a\"b\n", "c"))).isEqualTo("{\"a\\\"b\\n\":\"c\"}");
  }

  @Test
  void writesNumbersSoTheyReadBackTheSame() {
    // Arrange
    List<Object> numbers = List.of(0, -7, Long.MAX_VALUE, (short) 3, (byte) -1, 0.1, -0.0, 1.0E-5, 1.0E21,
        Double.MAX_VALUE, 0.1f, new BigInteger("123456789012345678901234567890"), new BigDecimal("1E+3"),
        new BigDecimal("-0.000120"));

    // Act
    String json = JsonWriter.compact().write(numbers);

    // Assert
    assertThat(json).isEqualTo("[0,-7,9223372036854775807,3,-1,0.1,-0.0,1.0E-5,1.0E21,1.7976931348623157E308,0.1,"
        + "123456789012345678901234567890,1E+3,-0.000120]");
  }

  @Test
  void notANumberIsRefusedNamingWhereItIs() {
    // Arrange
    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("error", Double.NaN);
    report.put("files", List.of(Map.of("error", 0.5), second));

    // Act and assert
    assertThatThrownBy(() -> JsonWriter.compact().write(report))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$.files[1].error is NaN, which JSON cannot represent");
  }

  @Test
  void infinitiesAreRefused() {
    assertThatThrownBy(() -> JsonWriter.indented().write(List.of(Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$[0] is Infinity, which JSON cannot represent");
    assertThatThrownBy(() -> JsonWriter.compact().write(new double[] {1, Double.NEGATIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$[1] is -Infinity, which JSON cannot represent");
    assertThatThrownBy(() -> JsonWriter.compact().write(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$ is NaN, which JSON cannot represent");
  }

  @Test
  void aValueWithoutAJsonFormIsRefused() {
    assertThatThrownBy(() -> JsonWriter.compact().write(Map.of("when", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$.when is a java.lang.Object, which has no JSON form");
    assertThatThrownBy(() -> JsonWriter.compact().write(List.of(new AtomicInteger(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$[0] is a java.util.concurrent.atomic.AtomicInteger, which has no JSON form");
  }

  @Test
  void aKeyThatIsNotAStringIsRefused() {
    // Arrange
    Map<Object, Object> map = new TreeMap<>();
    map.put(3, "three");

    // Act and assert
    assertThatThrownBy(() -> JsonWriter.compact().write(Map.of("byNumber", map)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$.byNumber has the key 3 (java.lang.Integer), but JSON keys are strings");
  }

  @Test
  void aValueThatContainsItselfIsRefused() {
    // Arrange
    List<Object> list = new ArrayList<>();
    list.add(1);
    list.add(list);

    // Act and assert
    assertThatThrownBy(() -> JsonWriter.compact().write(list))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$[1] contains itself");
  }

  @Test
  void theSameValueTwiceSideBySideIsNoCycle() {
    // Arrange
    List<Integer> shared = List.of(1);

    // Act and assert
    assertThat(JsonWriter.compact().write(Arrays.asList(shared, shared))).isEqualTo("[[1],[1]]");
  }

  @Test
  void appendsToAWriter() throws IOException {
    // Arrange
    StringWriter out = new StringWriter();
    out.write("report = ");

    // Act
    JsonWriter.compact().write(Map.of("ok", true), out);

    // Assert
    assertThat(out.toString()).isEqualTo("report = {\"ok\":true}");
  }
}
