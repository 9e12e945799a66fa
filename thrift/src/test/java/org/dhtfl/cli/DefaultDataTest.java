package org.dhtfl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programs find the project's data when the working folder has none (surefire runs in thrift/). */
class DefaultDataTest {

  @TempDir
  Path home;

  @AfterEach
  void forgetHome() {
    System.clearProperty("dhtfl.home");
  }

  @Test
  void aGivenPathIsKept() {
    assertThat(DefaultData.dataDir(Path.of("elsewhere"))).isEqualTo(Path.of("elsewhere"));
    assertThat(DefaultData.validation(Path.of("v.txt"))).isEqualTo(Path.of("v.txt"));
  }

  @Test
  void withoutLettersHereTheProjectsDataIsUsed() throws Exception {
    Files.createDirectories(home.resolve("data/letters"));
    Files.writeString(home.resolve("data/validate_letters.txt"), "1,2\n");
    System.setProperty("dhtfl.home", home.toString());

    assertThat(Files.exists(DefaultData.LETTERS)).as("the test runs where ./letters is absent").isFalse();
    assertThat(DefaultData.dataDir(null)).isEqualTo(home.resolve("data/letters"));
    assertThat(DefaultData.validation(null)).isEqualTo(home.resolve("data/validate_letters.txt"));
  }

  @Test
  void whenTheProjectHasNoDataEitherTheReferenceNameIsKeptForTheError() {
    System.setProperty("dhtfl.home", home.toString());

    assertThat(DefaultData.dataDir(null)).isEqualTo(DefaultData.LETTERS);
    assertThat(DefaultData.validation(null)).isEqualTo(DefaultData.VALIDATION);
  }
}
