package org.relabel.audit.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Places point labels in a scatter plot so that they overlap neither each other nor the points:
 * each label tries six positions around its point (right, upper right, lower right, left, upper left,
 * lower left) and takes the first free one inside the bounds, else the one with the least overlap.
 * Text widths are estimated (0.6 em per character), which is enough to keep labels apart.
 * Deterministic: the result depends only on the order of the calls.
 */
final class LabelPlacer {

    /** Where a label goes: the text's anchor point and its {@code text-anchor}. */
    record Placement(double x, double y, String anchor) {
    }

    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;
    private final int fontSize;
    private final List<double[]> taken = new ArrayList<>();

    /** Labels must stay within [minX, maxX] x [minY, maxY]; {@code fontSize} in px. */
    LabelPlacer(double minX, double minY, double maxX, double maxY, int fontSize) {
        this.minX = minX;
        this.minY = minY;
        this.maxX = maxX;
        this.maxY = maxY;
        this.fontSize = fontSize;
    }

    /** Marks a point marker of radius {@code r} at (x, y) as an obstacle. */
    void addPoint(double x, double y, double r) {
        taken.add(new double[] {x - r, y - r, x + r, y + r});
    }

    /** Marks a rectangle (e.g. an error bar) as an obstacle. */
    void addBox(double x0, double y0, double x1, double y1) {
        taken.add(new double[] {Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)});
    }

    /** Chooses and reserves a position for {@code text} next to the point (x, y). */
    Placement place(double x, double y, String text) {
        double w = 0.6 * fontSize * text.codePointCount(0, text.length());
        double h = fontSize;
        double gap = 9;
        double[][] candidates = {
            {x + gap, y + h / 3, 0},            // right
            {x + gap - 2, y - gap + 2, 0},      // upper right
            {x + gap - 2, y + gap + h - 2, 0},  // lower right
            {x - gap, y + h / 3, 1},            // left
            {x - gap + 2, y - gap + 2, 1},      // upper left
            {x - gap + 2, y + gap + h - 2, 1},  // lower left
        };
        double[] best = null;
        double[] bestBox = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double[] c : candidates) {
            boolean end = c[2] == 1;
            double x0 = end ? c[0] - w : c[0];
            double[] box = {x0, c[1] - h * 0.8, x0 + w, c[1] + h * 0.2};
            double cost = 0;
            for (double[] t : taken) {
                cost += overlap(box, t);
            }
            double outside = Math.max(0, minX - box[0]) + Math.max(0, box[2] - maxX)
                    + Math.max(0, minY - box[1]) + Math.max(0, box[3] - maxY);
            cost += outside * h * 10;
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
                bestBox = box;
                if (cost == 0) {
                    break;
                }
            }
        }
        taken.add(bestBox);
        return new Placement(best[0], best[1], best[2] == 1 ? "end" : "start");
    }

    private static double overlap(double[] a, double[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
