package org.relabel.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void valuesOnBinEdgesGoToTheUpperBinAndOneToTheLast() {
        // SFs as fractions of annotators: 3/5, 7/10, 1/3, 0, 1
        Histogram h = Histogram.of(new double[] {3.0 / 5, 7.0 / 10, 1.0 / 3, 0.0, 1.0}, 10);
        assertEquals(List.of(1L, 0L, 0L, 1L, 0L, 0L, 1L, 1L, 0L, 1L), h.counts());
        assertEquals(5, h.total());
        assertEquals((0.6 + 0.7 + 1.0 / 3 + 0 + 1) / 5, h.mean(), 1e-12);
    }

    @Test
    void edgesFromArithmeticJustBelowTheEdgeStillGoUp() {
        // 0.1 * 3 = 0.30000000000000004 and 1 - 0.7 = 0.30000000000000004; 0.7 - 0.4 = 0.29999999999999993
        Histogram h = Histogram.of(new double[] {0.1 * 3, 0.7 - 0.4}, 10);
        assertEquals(2L, h.counts().get(3));
    }

    @Test
    void emptyHistogramHasZeroSharesAndNanMean() {
        Histogram h = Histogram.of(new double[0], 10);
        assertEquals(0, h.total());
        assertTrue(Double.isNaN(h.mean()));
        assertEquals(0.0, h.share(4));
        assertEquals(10, h.bins());
        assertEquals(0.4, h.binLower(4), 1e-12);
        assertEquals(0.5, h.binUpper(4), 1e-12);
    }

    @Test
    void rejectsValuesOutsideTheUnitIntervalAndInconsistentTotals() {
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[] {1.01}, 10));
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[] {Double.NaN}, 10));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(List.of(1L, 2L), 4, 0.5));
    }
}
