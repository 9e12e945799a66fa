package org.dhtfl.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A small line chart written as PNG with nothing but the JDK: a few named series of (x, y)
 * points, linear axes (x optionally in log2), ticks and a legend (inside the plot for up to five
 * series, beside it for more), or a grid of such charts in one PNG.
 */
public final class LinePlot {

  /** One named line. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      Objects.requireNonNull(name, "name");
      if (x.length != y.length || x.length == 0) {
        throw new IllegalArgumentException("series " + name + " needs as many x as y values, at least one");
      }
      x = x.clone();
      y = y.clone();
    }
  }

  private static final Color[] COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
  /** Series beyond the colours are drawn dashed. */
  private static final float[] DASH = {6f, 4f};
  /** More series than this get their legend beside the plot. */
  private static final int LEGEND_INSIDE = 5;
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean log2X;
  private final List<Series> series = new ArrayList<>();

  public LinePlot(String title, String xLabel, String yLabel, boolean log2X) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.log2X = log2X;
  }

  public LinePlot add(Series s) {
    series.add(s);
    return this;
  }

  public void writePng(Path file) throws IOException {
    ImageIO.write(render(), "png", file.toFile());
  }

  /** The charts side by side, {@code columns} to a row, in one PNG. */
  public static void writeGrid(List<LinePlot> charts, int columns, Path file) throws IOException {
    if (charts.isEmpty() || columns < 1) {
      throw new IllegalArgumentException("a grid needs charts and at least one column");
    }
    List<BufferedImage> images = new ArrayList<>();
    for (LinePlot chart : charts) {
      images.add(chart.render());
    }
    int cellW = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
    int cellH = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
    int rows = (images.size() + columns - 1) / columns;
    BufferedImage grid = new BufferedImage(cellW * Math.min(columns, images.size()), cellH * rows,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    for (int i = 0; i < images.size(); i++) {
      g.drawImage(images.get(i), (i % columns) * cellW, (i / columns) * cellH, null);
    }
    g.dispose();
    ImageIO.write(grid, "png", file.toFile());
  }

  private BufferedImage render() {
    if (series.isEmpty()) {
      throw new IllegalStateException("nothing to plot");
    }
    boolean legendBeside = series.size() > LEGEND_INSIDE;
    int legendW = 0;
    if (legendBeside) {
      Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
      probe.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (Series s : series) {
        legendW = Math.max(legendW, probe.getFontMetrics().stringWidth(s.name()) + 40);
      }
      probe.dispose();
    }
    int width = WIDTH + legendW;
    BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, HEIGHT);

    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = 0;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        minX = Math.min(minX, tx(s.x()[i]));
        maxX = Math.max(maxX, tx(s.x()[i]));
        minY = Math.min(minY, s.y()[i]);
        maxY = Math.max(maxY, s.y()[i]);
      }
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    maxY = niceCeiling(maxY <= minY ? minY + 1 : maxY);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawRect(LEFT, TOP, plotW, plotH);
    for (int t = 0; t <= 5; t++) {
      double y = minY + (maxY - minY) * t / 5;
      int py = TOP + plotH - (int) Math.round(plotH * t / 5.0);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(LEFT + 1, py, LEFT + plotW - 1, py);
      g.setColor(Color.BLACK);
      g.drawString(format(y), LEFT - 8 - g.getFontMetrics().stringWidth(format(y)), py + 4);
    }
    List<Double> xTicks = new ArrayList<>();
    for (Series s : series) {
      for (double x : s.x()) {
        if (!xTicks.contains(x)) {
          xTicks.add(x);
        }
      }
    }
    for (double x : xTicks) {
      int px = LEFT + (int) Math.round(plotW * (tx(x) - minX) / (maxX - minX));
      g.drawLine(px, TOP + plotH, px, TOP + plotH + 4);
      String label = format(x);
      g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
    }
    g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 25);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 20);
    rotated.dispose();

    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      g.setColor(COLORS[k % COLORS.length]);
      g.setStroke(k < COLORS.length ? new BasicStroke(2f)
          : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f));
      int prevX = -1;
      int prevY = -1;
      for (int i = 0; i < s.x().length; i++) {
        int px = LEFT + (int) Math.round(plotW * (tx(s.x()[i]) - minX) / (maxX - minX));
        int py = TOP + plotH - (int) Math.round(plotH * (s.y()[i] - minY) / (maxY - minY));
        g.fillOval(px - 3, py - 3, 7, 7);
        if (prevX >= 0) {
          g.drawLine(prevX, prevY, px, py);
        }
        prevX = px;
        prevY = py;
      }
      int legendX = legendBeside ? WIDTH - RIGHT + 12 : LEFT + 12;
      g.drawLine(legendX, TOP + 14 + 18 * k, legendX + 14, TOP + 14 + 18 * k);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), legendX + 20, TOP + 18 + 18 * k);
    }
    g.dispose();
    return image;
  }

  private double tx(double x) {
    return log2X ? Math.log(x) / Math.log(2) : x;
  }

  private static double niceCeiling(double value) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
