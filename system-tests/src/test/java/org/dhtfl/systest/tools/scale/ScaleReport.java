package org.dhtfl.systest.tools.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dhtfl.plot.LinePlot;

/**
 * The report of scripts/bench-scale.sh: reads its table (N, S, median round seconds, RPCs and MB
 * per round, node memory), fits a cost model of the round time by least squares and writes one
 * PNG with three charts against N, one line per S.
 *
 * <p>The model: {@code T = a + b S + c N + d S N}. {@code a} is what every round pays once (the
 * client's averaging and validation, the slowest node's last job); {@code b} what each file costs
 * (its job and result on the wire, its training, which for the same rows cut finer is shorter but
 * not by as much: every file pays at least the early stop's 25 epochs); {@code c} what each node
 * costs (a JVM of its own that compiles the training code anew, its ring maintenance, its share of
 * the cores); {@code d} what a file costs more on a larger ring (more JVMs compiling and
 * stabilising on the same cores while it trains, more owners for the client to poll).
 *
 * <p>Usage: ScaleReport TABLE.csv PLOT.png
 */
public final class ScaleReport {

  record Row(int nodes, int files, double roundSeconds, double rpcs, double megabytes, double rssSumMb) {
  }

  private ScaleReport() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ScaleReport TABLE.csv PLOT.png");
      System.exit(2);
    }
    List<Row> rows = read(Path.of(args[0]));
    plot(rows, Path.of(args[1]));
    double[] model;
    try {
      model = fit(rows);
    } catch (IllegalArgumentException e) {
      System.out.println("no cost model: " + e.getMessage());
      return;
    }
    System.out.printf(Locale.ROOT, "round_s = %.3f + %.5f S + %.4f N + %.6f S N   (least squares over %d runs)%n",
        model[0], model[1], model[2], model[3], rows.size());
    System.out.println("   N     S  measured  model  fixed  files  nodes  files x nodes");
    for (Row r : rows) {
      double files = model[1] * r.files();
      double nodes = model[2] * r.nodes();
      double both = model[3] * r.files() * r.nodes();
      System.out.printf(Locale.ROOT, "%4d %5d  %7.2f  %6.2f  %5.2f  %5.2f  %5.2f  %5.2f%n", r.nodes(), r.files(),
          r.roundSeconds(), model[0] + files + nodes + both, model[0], files, nodes, both);
    }
  }

  private static List<Row> read(Path table) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(table);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length < 7) {
        throw new IOException(table + " line " + (i + 1) + ": " + f.length + " fields, expected 9");
      }
      try {
        rows.add(new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[6])));
      } catch (NumberFormatException e) {
        throw new IOException(table + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  /** Least squares for (a, b, c, d) in T = a + b S + c N + d S N, by the normal equations. */
  static double[] fit(List<Row> rows) {
    double[][] ata = new double[4][4];
    double[] aty = new double[4];
    for (Row r : rows) {
      double[] x = {1, r.files(), r.nodes(), (double) r.files() * r.nodes()};
      for (int i = 0; i < 4; i++) {
        aty[i] += x[i] * r.roundSeconds();
        for (int j = 0; j < 4; j++) {
          ata[i][j] += x[i] * x[j];
        }
      }
    }
    return solve(ata, aty);
  }

  /** Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] rowSwap = a[col];
      a[col] = a[pivot];
      a[pivot] = rowSwap;
      double bSwap = b[col];
      b[col] = b[pivot];
      b[pivot] = bSwap;
      if (Math.abs(a[col][col]) < 1e-12) {
        throw new IllegalArgumentException("the runs do not determine it: it needs at least two values of N and of S");
      }
      for (int r = col + 1; r < n; r++) {
        double factor = a[r][col] / a[col][col];
        for (int c = col; c < n; c++) {
          a[r][c] -= factor * a[col][c];
        }
        b[r] -= factor * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double sum = b[r];
      for (int c = r + 1; c < n; c++) {
        sum -= a[r][c] * x[c];
      }
      x[r] = sum / a[r][r];
    }
    return x;
  }

  private static void plot(List<Row> rows, Path png) throws IOException {
    TreeSet<Integer> fileCounts = new TreeSet<>();
    rows.forEach(r -> fileCounts.add(r.files()));
    LinePlot time = new LinePlot("Median round time", "N (nodes)", "seconds", true);
    LinePlot rpcs = new LinePlot("Calls served per round", "N (nodes)", "calls", true);
    LinePlot memory = new LinePlot("Resident memory of all nodes", "N (nodes)", "MB", true);
    for (int s : fileCounts) {
      TreeMap<Integer, Row> byNodes = new TreeMap<>();
      rows.stream().filter(r -> r.files() == s).forEach(r -> byNodes.put(r.nodes(), r));
      double[] n = byNodes.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
      time.add(new LinePlot.Series("S = " + s, n, byNodes.values().stream().mapToDouble(Row::roundSeconds).toArray()));
      rpcs.add(new LinePlot.Series("S = " + s, n, byNodes.values().stream().mapToDouble(Row::rpcs).toArray()));
      memory.add(new LinePlot.Series("S = " + s, n, byNodes.values().stream().mapToDouble(Row::rssSumMb).toArray()));
    }
    LinePlot.writeGrid(List.of(time, rpcs, memory), 3, png);
  }
}
