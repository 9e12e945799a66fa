package org.dhtfl.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class IoFailuresTest {

  @Test
  void aMissingFileIsNamedAsMissing() {
    assertThat(IoFailures.describe(new NoSuchFileException("data/validate.txt")))
        .isEqualTo("data/validate.txt: no such file");
  }

  @Test
  void anUnreadableFileIsNamedAsDenied() {
    assertThat(IoFailures.describe(new AccessDeniedException("model.txt"))).isEqualTo("model.txt: permission denied");
  }

  @Test
  void anotherFileSystemFailureWithoutAReasonIsNamedByItsKind() {
    assertThat(IoFailures.describe(new NotDirectoryException("out"))).isEqualTo("out: NotDirectoryException");
  }

  @Test
  void otherFailuresKeepTheirOwnMessage() {
    assertThat(IoFailures.describe(new IOException("global.model line 3: unknown header 'x'")))
        .isEqualTo("global.model line 3: unknown header 'x'");
  }
}
