package org.dhtfl.client.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option that a --rounds run's folder fixes: run.json records it (or, for --out, it is the
 * folder), so {@code --resume} takes it from there and refuses it on the command line. An option
 * built in code marks itself by a {@link RecordedSetting} user object instead. {@link RecordedOptions}
 * reads the marks through picocli's model of the command.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Recorded {

  /** Whether only a --rounds run reads it; the reference job, which trains with the nodes' settings, refuses it. */
  boolean roundsOnly() default false;
}
