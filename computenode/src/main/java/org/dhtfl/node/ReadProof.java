package org.dhtfl.node;

import java.util.Objects;
import java.util.Optional;
import org.dhtfl.jobs.RunSecret;

/**
 * What a caller of held shows to read what a node holds for a run's key: the run's secret (an owner
 * asking its successors while it serves the run's client), or the copy token the node sent with
 * store_replica for that key (a successor pulling its copy). See {@link JobService#localResult}.
 */
public record ReadProof(Optional<RunSecret> secret, Optional<byte[]> copyToken) {

  /** Nothing shown: enough only for the reference's put_data run. */
  public static final ReadProof NONE = new ReadProof(Optional.empty(), Optional.empty());

  public ReadProof {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(copyToken, "copyToken");
  }

  public static ReadProof of(Optional<RunSecret> secret) {
    return new ReadProof(secret, Optional.empty());
  }

  public static ReadProof of(byte[] copyToken) {
    return new ReadProof(Optional.empty(), Optional.of(copyToken));
  }
}
