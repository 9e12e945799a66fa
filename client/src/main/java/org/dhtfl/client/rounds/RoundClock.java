package org.dhtfl.client.rounds;

/** Time as the round engine sees it: a monotonic clock and a pause; tests pass one that only counts. */
public interface RoundClock {

  long nanoTime();

  void pause(long millis) throws InterruptedException;

  /** The machine's clock and Thread.sleep. */
  static RoundClock system() {
    return new RoundClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
      }
    };
  }
}
