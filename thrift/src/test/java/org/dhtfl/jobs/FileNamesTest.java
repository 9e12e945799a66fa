package org.dhtfl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void plainNamesArePassedThroughUnchanged() {
    assertThat(FileNames.check("zx0uRKUQj5")).isEqualTo("zx0uRKUQj5");
    assertThat(FileNames.check("validate_letters.txt")).isEqualTo("validate_letters.txt");
    assertThat(FileNames.check(".hidden")).isEqualTo(".hidden");
    assertThat(FileNames.check("...")).isEqualTo("...");
    assertThat(FileNames.check("données é")).isEqualTo("données é");
  }

  @Test
  void anEmptyOrMissingNameIsRefused() {
    assertThatThrownBy(() -> FileNames.check(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file name is empty");
    assertThatThrownBy(() -> FileNames.check("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file name is empty");
  }

  @Test
  void aNameOfTheLongestLengthIsAcceptedAndOneLongerIsRefused() {
    String longest = "a".repeat(FileNames.MAX_LENGTH);

    assertThat(FileNames.check(longest)).isEqualTo(longest);
    assertThatThrownBy(() -> FileNames.check(longest + "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file name of 256 characters is longer than 255");
  }

  @Test
  void namesThatLeaveTheDataFolderAreRefused() {
    for (String name : new String[] {".", "..", "../secret", "/etc/passwd", "letters/zx0uRKUQj5", "..\\secret"}) {
      assertThatThrownBy(() -> FileNames.check(name)).as(name).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + name + "' is not a plain file name");
    }
  }

  @Test
  void aNulCharacterIsRefusedAndShownEscaped() {
    assertThatThrownBy(() -> FileNames.check("abc\0.txt")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'abc\\x00.txt' is not a plain file name");
  }

  @Test
  void controlCharactersAreRefusedAndShownEscaped() {
    assertThatThrownBy(() -> FileNames.check("abc\ndef")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'abc\\x0adef' has a control character");
    assertThatThrownBy(() -> FileNames.check("\u001b[31mred")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'\\x1b[31mred' has a control character");
    assertThatThrownBy(() -> FileNames.check("tab\there")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\\x09");
  }

  @Test
  void printableEscapesControlCharactersAndKeepsEverythingElse() {
    assertThat(FileNames.printable("a\r\nb\u007f\u0085é")).isEqualTo("a\\x0d\\x0ab\\x7f\\x85é");
    assertThat(FileNames.printable("zx0uRKUQj5")).isEqualTo("zx0uRKUQj5");
  }

  @Test
  void printableCutsAnOverlongNameToTheLongestLength() {
    String printed = FileNames.printable("b".repeat(10_000));

    assertThat(printed).hasSize(FileNames.MAX_LENGTH);
  }
}
