package org.dhtfl.client.command;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;

/**
 * Draws a ring as an SVG picture: the identifier circle with each member at the angle of its ID
 * (0 at the top, clockwise), successor pointers as arcs along the circle, and finger pointers as
 * arrows through the inside.
 */
final class RingSvg {

  private static final int SIZE = 640;
  private static final double CENTER = SIZE / 2.0;
  private static final double RADIUS = 240;

  private RingSvg() {
  }

  static String render(List<RingState> ring) {
    int bits = ring.get(0).bits();
    double idSpace = Math.pow(2, bits);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\">%n", SIZE, SIZE, SIZE, SIZE));
    svg.append("<defs>\n");
    marker(svg, "finger", "#4a7fb5");
    marker(svg, "successor", "#c0392b");
    svg.append("</defs>\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"28\" font-size=\"16\">Chord ring: %d members, m = %d</text>%n", ring.size(), bits));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"48\" font-size=\"12\" fill=\"#c0392b\">successor</text>"
            + "<text x=\"90\" y=\"48\" font-size=\"12\" fill=\"#4a7fb5\">fingers</text>%n"));
    svg.append(String.format(Locale.ROOT,
        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#bbb\" stroke-width=\"2\"/>%n",
        CENTER, CENTER, RADIUS));
    boolean labelAll = ring.size() <= 64;
    for (RingState state : ring) {
      double[] from = point(state.self().id(), idSpace, RADIUS);
      Set<Integer> targets = new LinkedHashSet<>();
      for (NodeRef finger : state.fingers()) {
        if (finger.id() != state.self().id() && finger.id() != state.successor().id()) {
          targets.add(finger.id());
        }
      }
      for (int target : targets) {
        double[] to = point(target, idSpace, RADIUS - 6);
        svg.append(String.format(Locale.ROOT,
            "<path d=\"M %.1f %.1f Q %.1f %.1f %.1f %.1f\" fill=\"none\" stroke=\"#4a7fb5\" stroke-opacity=\"0.6\" "
                + "marker-end=\"url(#finger)\"/>%n", from[0], from[1], CENTER, CENTER, to[0], to[1]));
      }
      if (state.successor().id() != state.self().id()) {
        double[] to = point(state.successor().id(), idSpace, RADIUS);
        svg.append(String.format(Locale.ROOT,
            "<path d=\"M %.1f %.1f A %.1f %.1f 0 %d 1 %.1f %.1f\" fill=\"none\" stroke=\"#c0392b\" "
                + "stroke-width=\"2\" marker-end=\"url(#successor)\"/>%n", from[0], from[1], RADIUS, RADIUS,
            arcLargeFlag(state.self().id(), state.successor().id(), idSpace), to[0], to[1]));
      }
    }
    for (RingState state : ring) {
      double[] at = point(state.self().id(), idSpace, RADIUS);
      svg.append(String.format(Locale.ROOT,
          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"#333\"><title>%s</title></circle>%n", at[0], at[1],
          escape(state.self().toString())));
      if (labelAll) {
        double[] label = point(state.self().id(), idSpace, RADIUS + 22);
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\" dominant-baseline=\"middle\">%d</text>%n",
            label[0], label[1], state.self().id()));
      }
    }
    return svg.append("</svg>\n").toString();
  }

  private static void marker(StringBuilder svg, String id, String color) {
    svg.append(String.format(Locale.ROOT,
        "<marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"%s\"/></marker>%n", id, color));
  }

  private static double[] point(int id, double idSpace, double radius) {
    double angle = 2 * Math.PI * id / idSpace;
    return new double[] {CENTER + radius * Math.sin(angle), CENTER - radius * Math.cos(angle)};
  }

  private static int arcLargeFlag(int from, int to, double idSpace) {
    double distance = ((to - from) % idSpace + idSpace) % idSpace;
    return distance > idSpace / 2 ? 1 : 0;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
