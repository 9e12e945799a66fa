package org.dhtfl.node;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dhtfl.jobs.JobKey;

/**
 * The tokens an owner sends with store_replica, with which its successors pull their copy of a
 * result without the run's secret (which the owner does not keep). A token is the HMAC-SHA256 of
 * the key under a key the node draws when it starts: the node keeps nothing per result, a token
 * opens its one key only, and tokens end with the process that issued them.
 */
final class CopyTokens {

  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;

  CopyTokens(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    this.key = new SecretKeySpec(bytes, HMAC);
    // The runtime's security providers load at the first Mac: here, as the node starts, rather
    // than at the first result of a client's first job.
    of(new JobKey(JobKey.REFERENCE_RUN, 1, "start"));
  }

  /** The token for the job's key. */
  byte[] of(JobKey job) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(encoded(job));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }

  /** Whether the token is the one this node issued for the job's key (compared in constant time). */
  boolean opens(JobKey job, byte[] token) {
    return MessageDigest.isEqual(of(job), token);
  }

  /** The key's fields, each length-prefixed, so that no two keys encode alike. */
  private static byte[] encoded(JobKey job) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(job.runId());
      out.writeInt(job.round());
      out.writeUTF(job.filename());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
