package org.dhtfl.systest.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Selenium, from Debian's chromium and chromium-driver packages (no
 * browser or driver is downloaded). Tests that need it are skipped when they are missing, and fail
 * instead when the environment sets DHTFL_REQUIRE_BROWSER (as .ci/run does).
 */
public final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  /**
   * Selenium warns on every start that it has no DevTools protocol classes for Debian's newer
   * Chromium; the tests use WebDriver only. Held here, as java.util.logging keeps loggers weakly.
   */
  private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

  private final WebDriver driver;

  private Browser(WebDriver driver) {
    this.driver = driver;
  }

  /** A headless browser with a window of width x height; skips or fails the test when none is installed. */
  public static Browser open(int width, int height) {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add(CHROMIUM + " (Debian: chromium)");
    }
    if (!Files.isExecutable(DRIVER)) {
      missing.add(DRIVER + " (Debian: chromium-driver)");
    }
    String message = "the page's browser test needs " + String.join(" and ", missing);
    if (!missing.isEmpty() && System.getenv("DHTFL_REQUIRE_BROWSER") != null) {
      Assertions.fail(message + ", and DHTFL_REQUIRE_BROWSER is set");
    }
    Assumptions.assumeTrue(missing.isEmpty(), message);
    DEVTOOLS.setLevel(Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--hide-scrollbars", "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options));
  }

  public WebDriver driver() {
    return driver;
  }

  /** Saves what the window shows as a PNG file. */
  public Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
