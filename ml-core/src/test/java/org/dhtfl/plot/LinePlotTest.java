package org.dhtfl.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

  @TempDir
  Path dir;

  private static LinePlot chart(int series) {
    LinePlot plot = new LinePlot("t", "round", "error", false);
    for (int s = 0; s < series; s++) {
      plot.add(new LinePlot.Series("series " + s, new double[] {1, 2, 3}, new double[] {50 - s, 40 - s, 30 - s}));
    }
    return plot;
  }

  @Test
  void aChartOfFewSeriesIs800By500() throws IOException {
    chart(3).writePng(dir.resolve("few.png"));

    BufferedImage image = ImageIO.read(dir.resolve("few.png").toFile());
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(500);
  }

  @Test
  void moreThanFiveSeriesPutTheLegendBesideTheChart() throws IOException {
    chart(12).writePng(dir.resolve("many.png"));

    assertThat(ImageIO.read(dir.resolve("many.png").toFile()).getWidth()).isGreaterThan(800);
  }

  @Test
  void aGridPlacesTheChartsInRowsOfTheGivenColumns() throws IOException {
    LinePlot.writeGrid(List.of(chart(2), chart(2), chart(2)), 2, dir.resolve("grid.png"));

    BufferedImage image = ImageIO.read(dir.resolve("grid.png").toFile());
    assertThat(image.getWidth()).isEqualTo(1600);
    assertThat(image.getHeight()).isEqualTo(1000);
    assertThatThrownBy(() -> LinePlot.writeGrid(List.of(), 2, dir.resolve("none.png")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
