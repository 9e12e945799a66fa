package org.dhtfl.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdSpaceTest {

  /** x in (a, b] by walking the ring from a one step at a time, the definition itself. */
  private static boolean walkOpenClosed(int size, int a, int x, int b) {
    int at = a;
    do {
      at = (at + 1) % size;
      if (at == x) {
        return true;
      }
    } while (at != b);
    return false;
  }

  private static boolean walkOpenOpen(int size, int a, int x, int b) {
    return walkOpenClosed(size, a, x, b) && x != b;
  }

  @Test
  void intervalsAgreeWithABruteForceWalkOfTheRing() {
    IdSpace space = new IdSpace(4);
    int size = 16;
    for (int a = 0; a < size; a++) {
      for (int b = 0; b < size; b++) {
        for (int x = 0; x < size; x++) {
          assertThat(space.inOpenClosed(a, x, b)).as("%d in (%d, %d]", x, a, b).isEqualTo(walkOpenClosed(size, a, x, b));
          boolean openOpen = a == b ? x != a : walkOpenOpen(size, a, x, b);
          assertThat(space.inOpenOpen(a, x, b)).as("%d in (%d, %d)", x, a, b).isEqualTo(openOpen);
        }
      }
    }
  }

  @Test
  void equalBoundsMeanTheWholeRing() {
    IdSpace space = new IdSpace(6);

    assertThat(space.inOpenClosed(19, 19, 19)).isTrue();
    assertThat(space.inOpenClosed(19, 5, 19)).isTrue();
    assertThat(space.inOpenOpen(19, 5, 19)).isTrue();
    assertThat(space.inOpenOpen(19, 19, 19)).isFalse();
  }

  @Test
  void nodeIdsOfTheDemoPortsAreTheReferenceOnes() {
    IdSpace space = new IdSpace(6);

    assertThat(space.idOfPort(5001)).isEqualTo(19);
    assertThat(space.idOfPort(5002)).isEqualTo(51);
    assertThat(space.idOfPort(5003)).isEqualTo(6);
    assertThat(space.keyOf("zx0uRKUQj5")).isEqualTo(58);
  }

  @Test
  void keysAreTheLowBitsOfTheWholeSha1() {
    // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d; mod 2^31 keeps 0x1cd0d89d.
    assertThat(new IdSpace(31).keyOf("abc")).isEqualTo(0x1cd0d89d);
    assertThat(new IdSpace(8).keyOf("abc")).isEqualTo(0x9d);
  }

  @Test
  void powersOfTwoWrapAroundTheRing() {
    IdSpace space = new IdSpace(6);

    assertThat(space.plusPowerOfTwo(51, 4)).isEqualTo(3);
    assertThat(space.minusPowerOfTwo(6, 5)).isEqualTo(38);
    assertThat(space.reduce(-1)).isEqualTo(63);
    assertThat(space.distance(60, 2)).isEqualTo(6);
  }

  @Test
  void theLargestSpaceStillFitsAnI32() {
    IdSpace space = new IdSpace(31);

    assertThat(space.plusPowerOfTwo(Integer.MAX_VALUE, 0)).isZero();
    assertThat(space.plusPowerOfTwo(0, 30)).isEqualTo(1 << 30);
    assertThat(space.contains(Integer.MAX_VALUE)).isTrue();
    assertThat(space.contains(1L << 31)).isFalse();
  }

  @Test
  void outOfRangeValuesAreNamed() {
    assertThatThrownBy(() -> new IdSpace(2)).hasMessage("bits 2 out of range 3..31");
    assertThatThrownBy(() -> new IdSpace(32)).hasMessage("bits 32 out of range 3..31");
    assertThatThrownBy(() -> new IdSpace(6).check(64, "key")).hasMessage("key 64 out of range 0..63");
    assertThatThrownBy(() -> new IdSpace(6).plusPowerOfTwo(1, 6)).hasMessage("finger index 6 out of range 0..5");
  }

  @Test
  void spacesWithTheSameBitsAreEqualAndEachKeepsItsOwnSize() {
    IdSpace small = new IdSpace(6);
    IdSpace large = new IdSpace(20);

    assertThat(small).isEqualTo(new IdSpace(6)).isNotEqualTo(large);
    assertThat(small.size()).isEqualTo(64);
    assertThat(large.size()).isEqualTo(1 << 20);
  }
}
