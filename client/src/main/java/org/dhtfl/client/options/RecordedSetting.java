package org.dhtfl.client.options;

/**
 * The user object of an option built in code (picocli's {@code OptionSpec.userObject()}) that run.json
 * records, as {@link Recorded} marks a declared one; such an option applies with or without --rounds.
 */
public interface RecordedSetting {
}
