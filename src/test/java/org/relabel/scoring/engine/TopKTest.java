package org.relabel.scoring.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void softmaxOfLogsOfOneTwoThreeIsOneTwoThreeSixths() {
        double[] p = TopK.softmax(new float[] {0f, (float) Math.log(2), (float) Math.log(3)});
        assertEquals(1 / 6.0, p[0], 1e-7);
        assertEquals(2 / 6.0, p[1], 1e-7);
        assertEquals(3 / 6.0, p[2], 1e-7);
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        double[] p = TopK.softmax(new float[] {1000f, 1000f, -1000f});
        assertEquals(0.5, p[0], 1e-12);
        assertEquals(0.5, p[1], 1e-12);
        assertEquals(0.0, p[2], 1e-12);
    }

    @Test
    void topKIsOrderedBestFirstWithTiesToTheLowerIndex() {
        List<ClassScore> top = TopK.top(new double[] {0.1, 0.3, 0.05, 0.3, 0.25}, 3);
        assertEquals(List.of(new ClassScore(1, 0.3), new ClassScore(3, 0.3), new ClassScore(4, 0.25)), top);
    }

    @Test
    void kLargerThanTheClassCountReturnsEveryClass() {
        List<ClassScore> top = TopK.top(new double[] {0.2, 0.8}, 5);
        assertEquals(List.of(new ClassScore(1, 0.8), new ClassScore(0, 0.2)), top);
    }

    @Test
    void nanRanksLast() {
        List<ClassScore> top = TopK.top(new double[] {Double.NaN, 0.1, 0.2}, 3);
        assertEquals(2, top.get(0).index());
        assertEquals(1, top.get(1).index());
        assertTrue(Double.isNaN(top.get(2).probability()));
    }
}
