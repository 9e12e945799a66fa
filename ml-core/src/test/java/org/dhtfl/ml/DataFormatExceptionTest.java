package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DataFormatExceptionTest {

  @Test
  void aLineFaultNamesFileAndLine() {
    DataFormatException fault = DataFormatException.atLine("letters/abc", 7, "16 columns, expected 17");

    assertThat(fault).isInstanceOf(IOException.class).hasMessage("letters/abc line 7: 16 columns, expected 17");
    assertThat(fault.fileName()).isEqualTo("letters/abc");
    assertThat(fault.lineNumber()).hasValue(7);
    assertThat(fault.column()).isEmpty();
  }

  @Test
  void aCellFaultNamesFileLineAndColumn() {
    DataFormatException fault = DataFormatException.atCell("s", 3, 5, "'x' is not an integer");

    assertThat(fault).hasMessage("s line 3, column 5: 'x' is not an integer");
    assertThat(fault.lineNumber()).hasValue(3);
    assertThat(fault.column()).hasValue(5);
  }

  @Test
  void aFileFaultHasNoLine() {
    DataFormatException fault = DataFormatException.inFile("s", "no rows");

    assertThat(fault).hasMessage("s: no rows");
    assertThat(fault.lineNumber()).isEmpty();
  }
}
