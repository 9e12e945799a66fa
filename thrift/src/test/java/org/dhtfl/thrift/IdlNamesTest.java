package org.dhtfl.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The IDL serves other languages than Java: a field or argument named like a Python keyword, or
 * {@code self}, which every generated Python method takes first, gives Python code that does not
 * compile. The Thrift compiler refuses some of these names, not all; this test refuses the rest.
 */
class IdlNamesTest {

  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

  /** Python 3.11's keyword.kwlist, and the name of a method's own object. */
  private static final Set<String> RESERVED_IN_PYTHON = Set.of("False", "None", "True", "and", "as", "assert",
      "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
      "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
      "try", "while", "with", "yield", "self");

  /** "1: optional supernode.NodeRef node," and "(1: Job job, 2: list<i32> path)": the name after the type. */
  private static final Pattern FIELD = Pattern.compile("\\b\\d+\\s*:\\s*(?:optional\\s+|required\\s+)?"
      + "[\\w.]+(?:<[\\w.<>, ]+>)?\\s+(\\w+)");

  @Test
  void noFieldOrArgumentOfOurIdlIsReservedInPython() throws IOException {
    for (String idl : List.of("supernode.thrift", "compute_node.thrift")) {
      List<String> names = fieldNames(MODULE.resolve(idl));

      assertThat(names).as("fields and arguments of %s", idl).isNotEmpty()
          .doesNotContainAnyElementsOf(RESERVED_IN_PYTHON);
    }
  }

  @Test
  void theNamePatternFindsFieldsOfEveryShape() {
    String idl = "struct S {\n  1: i32 id,\n  2: optional supernode.NodeRef self,\n"
        + "  3: list<list<double>> V\n}\nservice X { void f(1: map<string, i32> from, 2: Job pass) }";

    assertThat(names(idl)).containsExactly("id", "self", "V", "from", "pass");
  }

  private static List<String> fieldNames(Path idl) throws IOException {
    return names(Files.readString(idl, StandardCharsets.UTF_8));
  }

  private static List<String> names(String idl) {
    String code = idl.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    Matcher field = FIELD.matcher(code);
    List<String> names = new ArrayList<>();
    while (field.find()) {
      names.add(field.group(1));
    }
    return names;
  }
}
