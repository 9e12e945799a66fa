package org.dhtfl.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Where the training files and the validation file are when the command line does not say: in the
 * working folder as the reference has them ({@code letters/}, {@code validate_letters.txt}), else the
 * real data that ships with the project ({@code data/} in the project folder, found from the
 * property {@code dhtfl.home} the scripts set, or from where the program's jar lies).
 */
public final class DefaultData {

  public static final Path LETTERS = Path.of("letters");
  public static final Path VALIDATION = Path.of("validate_letters.txt");

  private DefaultData() {
  }

  /** The data folder: the one given, else ./letters when it exists, else the project's. */
  public static Path dataDir(Path given) {
    if (given != null) {
      return given;
    }
    if (Files.isDirectory(LETTERS)) {
      return LETTERS;
    }
    return project().map(home -> home.resolve("data").resolve(LETTERS)).filter(Files::isDirectory).orElse(LETTERS);
  }

  /** The validation file: the one given, else ./validate_letters.txt when it exists, else the project's. */
  public static Path validation(Path given) {
    if (given != null) {
      return given;
    }
    if (Files.isRegularFile(VALIDATION)) {
      return VALIDATION;
    }
    return project().map(home -> home.resolve("data").resolve(VALIDATION)).filter(Files::isRegularFile)
        .orElse(VALIDATION);
  }

  /** The project folder: dhtfl.home, else three levels above the jar (e.g. client/target/dhtfl-client.jar). */
  public static Optional<Path> project() {
    String home = System.getProperty("dhtfl.home");
    if (home != null && !home.isBlank()) {
      return Optional.of(Path.of(home));
    }
    CodeSource source = DefaultData.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(source.getLocation().toURI());
      return Optional.ofNullable(jar.getParent()).map(Path::getParent).map(Path::getParent);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
