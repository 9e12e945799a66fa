package org.dhtfl.client.rounds;

import java.util.Objects;
import java.util.Optional;
import org.dhtfl.rpc.RemoteException;

/** The outcome of one file's call within a call for many: its answer, or the failure it met. */
public record Attempt<T>(Optional<T> answer, Optional<RemoteException> failure) {

  /** A call that may fail. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws RemoteException;
  }

  public Attempt {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(failure, "failure");
    if (answer.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException("an attempt has either an answer or a failure");
    }
  }

  public static <T> Attempt<T> answered(T answer) {
    return new Attempt<>(Optional.of(answer), Optional.empty());
  }

  public static <T> Attempt<T> failed(RemoteException failure) {
    return new Attempt<>(Optional.empty(), Optional.of(failure));
  }

  /** Makes the call, keeping its failure. */
  public static <T> Attempt<T> of(Call<T> call) {
    try {
      return answered(call.call());
    } catch (RemoteException e) {
      return failed(e);
    }
  }

  /** The answer, or the failure thrown. */
  public T get() throws RemoteException {
    if (failure.isPresent()) {
      throw failure.get();
    }
    return answer.orElseThrow();
  }
}
