package org.dhtfl.client.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  /** An MLP of 2 inputs, 1 hidden unit and 2 classes: V (lines 7-8) is 2 x 2, W (lines 10-12) is 3 x 1. */
  private static final List<String> SMALL_MLP = List.of(
      "# dhtfl model, format 1",
      "model mlp",
      "inputs 2",
      "hidden 1",
      "classes 2",
      "V 2 2",
      "0.5,-0.25",
      "1.0,2.0",
      "W 3 1",
      "0.1",
      "0.2",
      "0.3");

  /** Awkward doubles: signed zeros, the extremes, subnormals, values without a short decimal form. */
  private static final double[] AWKWARD = {
      -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL,
      0.1 + 0.2, 1.0 / 3, 2e-3, 1e23, 4.9e-324 * 3, Math.nextUp(1.0), Math.nextDown(1e-7), 123456789.0};

  @TempDir
  Path folder;

  private static double[] randomValues(Random random, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = i < AWKWARD.length ? AWKWARD[i] : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
    }
    return values;
  }

  private static long[] bits(double[] values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    return bits;
  }

  private Path write(List<String> lines) throws IOException {
    Path file = folder.resolve("global.model");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** SMALL_MLP with line {@code number} (1-based) replaced by {@code replacements} (none: deleted). */
  private Path smallMlpWithLine(int number, String... replacements) throws IOException {
    List<String> lines = new ArrayList<>(SMALL_MLP);
    lines.remove(number - 1);
    lines.addAll(number - 1, List.of(replacements));
    return write(lines);
  }

  private static ModelFormatException loadFails(Path file) {
    return catchThrowableOfType(ModelFormatException.class, () -> ModelFile.load(file));
  }

  @Test
  void anMlpReadsBackBitIdentical() throws IOException {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    Random random = new Random(7);
    Weights weights = Weights.of(shape, randomValues(random, shape.vSize()), randomValues(random, shape.wSize()));
    Path file = folder.resolve("mlp.model");

    // Act
    ModelFile.save(weights, file);
    Weights loaded = ModelFile.load(file);

    // Assert
    assertThat(loaded.shape()).isEqualTo(shape);
    assertThat(bits(loaded.v())).containsExactly(bits(weights.v()));
    assertThat(bits(loaded.w())).containsExactly(bits(weights.w()));
  }

  @Test
  void aLogisticModelReadsBackBitIdenticalWithNoHiddenLayerAndAnEmptyW() throws IOException {
    // Arrange
    ModelShape shape = ModelShape.logistic(16, 26);
    Weights weights = Weights.of(shape, randomValues(new Random(8), shape.vSize()), new double[0]);
    Path file = folder.resolve("logistic.model");

    // Act
    ModelFile.save(weights, file);
    Weights loaded = ModelFile.load(file);

    // Assert
    assertThat(bits(loaded.v())).containsExactly(bits(weights.v()));
    assertThat(loaded).isEqualTo(weights);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).contains("hidden 0", "V 17 26");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("W 0 0");
  }

  @Test
  void finiteDoublesOfEveryExponentReadBackBitIdentical() throws IOException {
    // Arrange: 50,000 random bit patterns, so every exponent and mantissa shape occurs (resume relies on this)
    ModelShape shape = ModelShape.logistic(499, 100);
    SplittableRandom random = new SplittableRandom(9);
    double[] values = new double[shape.vSize()];
    for (int i = 0; i < values.length; i++) {
      do {
        values[i] = Double.longBitsToDouble(random.nextLong());
      } while (!Double.isFinite(values[i]));
    }
    Weights weights = Weights.of(shape, values, new double[0]);
    StringWriter out = new StringWriter();

    // Act
    ModelFile.write(weights, out);
    Weights read = ModelFile.read("random.model", new StringReader(out.toString()));

    // Assert
    assertThat(bits(read.v())).containsExactly(bits(values));
  }

  @Test
  void writesTheDocumentedLayoutWithLfLineEnds() throws IOException {
    // Arrange
    Weights weights = Weights.fromRows(ModelShape.mlp(2, 1, 2),
        new double[][] {{0.5, -0.25}, {1.0, 2.0}}, new double[][] {{0.1}, {0.2}, {0.3}});
    StringWriter out = new StringWriter();

    // Act
    ModelFile.write(weights, out);

    // Assert
    assertThat(out.toString()).isEqualTo(String.join("\n", SMALL_MLP) + "\n");
  }

  @Test
  void saveReplacesAnExistingFileAndLeavesNothingElseInTheFolder() throws IOException {
    // Arrange
    Path file = write(List.of("an older model"));
    Weights weights = Weights.zeros(ModelShape.logistic(1, 2));

    // Act
    ModelFile.save(weights, file);

    // Assert
    assertThat(ModelFile.load(file)).isEqualTo(weights);
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void readsHeadersInAnyOrderCrlfLineEndsExtraSpacesAndTrailingBlankLines() throws IOException {
    // Arrange
    String text = "# dhtfl model, format 1\r\nclasses 2\r\n hidden\t1 \r\nmodel MLP\r\ninputs 2\r\n"
        + "V 2 2\r\n0.5, -0.25\r\n1,2E0\r\nW 3 1\r\n.1\r\n+0.2\r\n0.3\r\n\r\n\r\n";

    // Act
    Weights weights = ModelFile.read("crlf.model", new StringReader(text));

    // Assert
    assertThat(weights.shape()).isEqualTo(ModelShape.mlp(2, 1, 2));
    assertThat(weights.v()).containsExactly(0.5, -0.25, 1.0, 2.0);
    assertThat(weights.w()).containsExactly(0.1, 0.2, 0.3);
  }

  @Test
  void anEmptyFileIsRefusedOnLine1() throws IOException {
    // Arrange
    Path file = Files.createFile(folder.resolve("empty.model"));

    // Act
    ModelFormatException fault = loadFails(file);

    // Assert
    assertThat(fault.line()).isEqualTo(1);
    assertThat(fault).hasMessage(file + " line 1: empty file, expected '# dhtfl model, format 1'");
  }

  @Test
  void aFirstLineThatIsNotTheFormatLineIsRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(1, "model mlp"));

    assertThat(fault.line()).isEqualTo(1);
    assertThat(fault).hasMessageContaining("global.model line 1: expected '# dhtfl model, format 1', found 'model mlp'");
  }

  @Test
  void anotherFormatNumberIsRefusedByName() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(1, "# dhtfl model, format 3"));

    assertThat(fault.line()).isEqualTo(1);
    assertThat(fault).hasMessageEndingWith("line 1: format 3 is not supported, this version reads formats 1 and 2");
  }

  @Test
  void anUnknownHeaderIsRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(4, "layers 1"));

    assertThat(fault.line()).isEqualTo(4);
    assertThat(fault).hasMessageContaining("line 4: unknown header 'layers'");
  }

  @Test
  void aMissingHeaderIsReportedOnTheVLine() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(4));

    assertThat(fault.line()).isEqualTo(5);
    assertThat(fault).hasMessageContaining("line 5: missing header 'hidden' before V");
  }

  @Test
  void aRepeatedHeaderIsRefusedNamingItsFirstLine() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(5, "classes 2", "inputs 2"));

    assertThat(fault.line()).isEqualTo(6);
    assertThat(fault).hasMessageContaining("line 6: repeated header 'inputs' (first on line 3)");
  }

  @Test
  void aHeaderWithoutAWholeNumberIsRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(3, "inputs 2.5"));

    assertThat(fault.line()).isEqualTo(3);
    assertThat(fault).hasMessageContaining("line 3: inputs '2.5' is not a whole number");
  }

  @Test
  void anUnknownModelKindIsRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(2, "model cnn"));

    assertThat(fault.line()).isEqualTo(2);
    assertThat(fault).hasMessageContaining("line 2: model kind 'cnn' is not one of mlp, logistic");
  }

  @Test
  void aHeaderThatDescribesNoModelIsRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(2, "model logistic"));

    assertThat(fault.line()).isEqualTo(6);
    assertThat(fault).hasMessageContaining("line 6: the header lines describe no model: hidden 1 must be 0 for a logistic model");
  }

  @Test
  void matrixDimensionsThatDisagreeWithTheHeaderAreRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(9, "W 2 1"));

    assertThat(fault.line()).isEqualTo(9);
    assertThat(fault).hasMessageContaining("line 9: W is 2 x 1, the header's model mlp(2,1,2) has 3 x 1");
  }

  @Test
  void aRowWithTooFewValuesIsRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(8, "1.0"));

    assertThat(fault.line()).isEqualTo(8);
    assertThat(fault).hasMessageContaining("line 8: V row 1 has 1 values, expected 2");
  }

  @Test
  void aMatrixWithTooFewRowsIsRefusedWhereTheNextMatrixStarts() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(8));

    assertThat(fault.line()).isEqualTo(8);
    assertThat(fault).hasMessageContaining("line 8: V has 1 rows, its line 6 says 2");
  }

  @Test
  void aMatrixWithTooManyRowsIsRefusedWhereTheNextMatrixShouldStart() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(8, "1.0,2.0", "3.0,4.0"));

    assertThat(fault.line()).isEqualTo(9);
    assertThat(fault).hasMessageContaining("line 9: expected 'W 3 1' after the 2 rows of V, found '3.0,4.0'");
  }

  @Test
  void linesAfterTheLastRowOfWAreRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(12, "0.3", "0.4"));

    assertThat(fault.line()).isEqualTo(13);
    assertThat(fault).hasMessageContaining("line 13: unexpected line after the 3 rows of W: '0.4'");
  }

  @Test
  void aFileThatEndsInsideAMatrixIsRefusedOnTheLineAfterTheLast() throws IOException {
    ModelFormatException fault = loadFails(write(SMALL_MLP.subList(0, 11)));

    assertThat(fault.line()).isEqualTo(12);
    assertThat(fault).hasMessageContaining("line 12: end of file after 2 of the 3 rows of W (line 9)");
  }

  @Test
  void aFileWithoutWIsRefused() throws IOException {
    ModelFormatException fault = loadFails(write(SMALL_MLP.subList(0, 8)));

    assertThat(fault.line()).isEqualTo(9);
    assertThat(fault).hasMessageContaining("line 9: end of file, expected 'W 3 1'");
  }

  @Test
  void aBlankLineInsideAMatrixIsRefused() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(8, "", "1.0,2.0"));

    assertThat(fault.line()).isEqualTo(8);
    assertThat(fault).hasMessageContaining("line 8: blank line");
  }

  @Test
  void aValueThatIsNotANumberIsRefusedNamingItsPlace() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(7, "0.5,0x1p3"));

    assertThat(fault.line()).isEqualTo(7);
    assertThat(fault).hasMessageContaining("line 7: V[0][1] '0x1p3' is not a number");
  }

  @Test
  void notANumberIsRefusedAsNotFinite() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(11, "NaN"));

    assertThat(fault.line()).isEqualTo(11);
    assertThat(fault).hasMessageContaining("line 11: W[1][0] is NaN: every value must be finite");
  }

  @Test
  void infinityIsRefusedAsNotFinite() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(7, "-Infinity,1"));

    assertThat(fault.line()).isEqualTo(7);
    assertThat(fault).hasMessageContaining("line 7: V[0][0] is -Infinity: every value must be finite");
  }

  @Test
  void aNumberBeyondTheLargestDoubleIsRefusedAsNotFinite() throws IOException {
    ModelFormatException fault = loadFails(smallMlpWithLine(12, "1e999"));

    assertThat(fault.line()).isEqualTo(12);
    assertThat(fault).hasMessageContaining("line 12: W[2][0] 1e999 is too large for a double");
  }

  @Test
  void aStandardisedModelOfTwoLayersIsWrittenInFormat2AndReadBackBitForBit() throws IOException {
    // Arrange
    ModelShape shape = ModelShape.mlp(3, java.util.List.of(4, 2), 5);
    Random random = new Random(5);
    Weights weights = Weights.of(shape, randomValues(random, shape.vSize()), randomValues(random, shape.wSize()));
    org.dhtfl.ml.Standardization scaling = new org.dhtfl.ml.Standardization(new double[] {0.5, -1, 3},
        new double[] {2, 0.25, 1e-3});
    Path file = folder.resolve("layered.model");

    // Act
    ModelFile.save(new StoredModel(weights, java.util.Optional.of(scaling)), file);
    StoredModel back = ModelFile.loadModel(file);

    // Assert
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.subList(0, 5)).containsExactly("# dhtfl model, format 2", "model mlp", "inputs 3", "hidden 4,2",
        "classes 5");
    assertThat(lines).contains("V 3 5", "W 4 4", "W 5 2", "S 2 3");
    assertThat(back.weights()).isEqualTo(weights);
    assertThat(back.standardization()).contains(scaling);
  }

  @Test
  void aScalingInAFormat1FileIsRefusedByLine() throws IOException {
    // Arrange: format 1 has no S block
    List<String> lines = new java.util.ArrayList<>(SMALL_MLP);
    lines.addAll(List.of("S 2 2", "0,0", "1,1"));

    // Act
    ModelFormatException fault = loadFails(write(lines));

    // Assert
    assertThat(fault).hasMessageEndingWith("line 13: unexpected line after the 3 rows of W: 'S 2 2'");
  }
}
