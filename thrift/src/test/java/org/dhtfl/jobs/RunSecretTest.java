package org.dhtfl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSecretTest {

  private static final String VALUE = "0123456789abcdef0123456789abcdef";

  @Test
  void theRunIdIsRunAndThe32FirstHexDigitsOfTheSecretsSha256() throws Exception {
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(VALUE.getBytes(StandardCharsets.UTF_8)));

    RunSecret secret = RunSecret.of(VALUE);

    assertThat(secret.runId()).isEqualTo("run-" + digest.substring(0, 32));
    assertThat(new JobKey(secret.runId(), 1, "f").runId()).isEqualTo(secret.runId());
  }

  @Test
  void aGeneratedSecretIs64HexDigitsAndTwoAreNeverAlike() {
    SecureRandom random = new SecureRandom();

    RunSecret one = RunSecret.generate(random);
    RunSecret two = RunSecret.generate(random);

    assertThat(one.value()).matches("[0-9a-f]{64}");
    assertThat(one).isNotEqualTo(two);
    assertThat(one.runId()).isNotEqualTo(two.runId());
    assertThat(RunSecret.of(one.value())).isEqualTo(one);
  }

  @Test
  void aSecretOpensItsOwnRunOnlyAndTheRefusalNamesTheRunNotTheSecret() {
    RunSecret secret = RunSecret.of(VALUE);
    RunSecret other = RunSecret.of(VALUE.toUpperCase());

    assertThat(RunSecret.open(secret.runId(), Optional.of(secret))).isSameAs(secret);
    assertThatThrownBy(() -> RunSecret.open(secret.runId(), Optional.empty()))
        .hasMessage("run " + secret.runId() + " is open only with its secret, which only its client holds");
    assertThatThrownBy(() -> RunSecret.open(secret.runId(), Optional.of(other)))
        .hasMessage("run " + secret.runId() + " is open only with its secret, and the secret given is another run's")
        .hasMessageNotContaining(other.value());
    assertThatThrownBy(() -> RunSecret.open(JobKey.REFERENCE_RUN, Optional.of(secret)))
        .hasMessageStartingWith("run put_data is open only with its secret");
  }

  @Test
  void itsTextNamesTheRunAndNeverShowsTheSecret() {
    RunSecret secret = RunSecret.of(VALUE);
    JobRequest request = new JobRequest(new JobKey(secret.runId(), 1, "f"), new JobSpec("mlp", 20, 26, 1, 1e-4, 0.7, true, false, 1, "glibc"),
        Optional.empty(), Optional.empty()).withSecret(secret);

    assertThat(secret.toString()).isEqualTo("secret of " + secret.runId());
    assertThat(request.toString()).doesNotContain(VALUE);
  }

  @Test
  void aSecretTooShortTooLongOrNotPrintableIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> RunSecret.of("short")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a run secret of 5 characters; 32..128 allowed");
    assertThatThrownBy(() -> RunSecret.of("x".repeat(129))).hasMessage("a run secret of 129 characters; 32..128 allowed");
    assertThatThrownBy(() -> RunSecret.of(VALUE + " tab\t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a run secret may hold only printable ASCII characters");
  }
}
