package org.dhtfl.jobs;

/** Training files are named by plain file names: no directories, nothing that escapes the data folder. */
public final class FileNames {

  public static final int MAX_LENGTH = 255;

  private FileNames() {
  }

  /** Returns the name, or fails saying what is wrong with it. */
  public static String check(String filename) {
    if (filename == null || filename.isEmpty()) {
      throw new IllegalArgumentException("file name is empty");
    }
    if (filename.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("file name of " + filename.length() + " characters is longer than "
          + MAX_LENGTH);
    }
    if (filename.equals(".") || filename.equals("..") || filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0
        || filename.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("'" + printable(filename) + "' is not a plain file name");
    }
    for (int i = 0; i < filename.length(); i++) {
      if (Character.isISOControl(filename.charAt(i))) {
        throw new IllegalArgumentException("'" + printable(filename) + "' has a control character");
      }
    }
    return filename;
  }

  /** The name with control characters escaped, safe to print. */
  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints().limit(MAX_LENGTH).forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
