package org.relabel.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelPlacerTest {

    /** The estimated box of a placed label, as LabelPlacer computes it. */
    private static double[] box(LabelPlacer.Placement p, String text, int size) {
        double w = 0.6 * size * text.length();
        double x0 = p.anchor().equals("end") ? p.x() - w : p.x();
        return new double[] {x0, p.y() - size * 0.8, x0 + w, p.y() + size * 0.2};
    }

    private static boolean overlaps(double[] a, double[] b) {
        return Math.min(a[2], b[2]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);
    }

    @Test
    void labelsOfNearbyPointsDoNotOverlapEachOtherOrThePoints() {
        LabelPlacer placer = new LabelPlacer(0, 0, 500, 500, 12);
        double[][] points = {{200, 200}, {204, 210}, {196, 190}, {210, 200}};
        for (double[] p : points) {
            placer.addPoint(p[0], p[1], 6);
        }
        List<double[]> boxes = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            String text = "model-" + i;
            boxes.add(box(placer.place(points[i][0], points[i][1], text), text, 12));
        }
        for (int i = 0; i < boxes.size(); i++) {
            for (double[] p : points) {
                assertFalse(overlaps(boxes.get(i), new double[] {p[0] - 6, p[1] - 6, p[0] + 6, p[1] + 6}),
                        "label " + i + " covers a point");
            }
            for (int j = i + 1; j < boxes.size(); j++) {
                assertFalse(overlaps(boxes.get(i), boxes.get(j)), "labels " + i + " and " + j);
            }
        }
    }

    @Test
    void labelNearTheRightEdgeGoesLeft() {
        LabelPlacer placer = new LabelPlacer(0, 0, 300, 300, 12);
        placer.addPoint(295, 150, 6);
        LabelPlacer.Placement p = placer.place(295, 150, "a long label");
        assertEquals("end", p.anchor());
    }
}
