package org.relabel.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionTest {

    private static final double Z = 1.959963984540054;

    @Test
    void wilsonIntervalOfEightOutOfTenMatchesHandComputation() {
        // by hand: z^2/n = 0.38415, centre = (0.8 + 0.19207) / 1.38415 = 0.71673,
        // half = 1.95996 / 1.38415 * sqrt(0.016 + 0.0096037) = 0.22658
        Proportion p = Proportion.wilson(8, 10);
        assertEquals(8, p.successes());
        assertEquals(10, p.n());
        assertEquals(0.8, p.value(), 1e-12);
        assertEquals(0.4902, p.lo(), 5e-4);
        assertEquals(0.9433, p.hi(), 5e-4);
    }

    @Test
    void wilsonEndpointsSolveTheScoreEquation() {
        // Wilson's interval is {p : (p_hat - p)^2 = z^2 p (1 - p) / n}; check both roots independently
        long[][] cases = {{1, 3}, {8, 10}, {37, 120}, {999, 1000}, {5000, 10000}};
        for (long[] c : cases) {
            Proportion p = Proportion.wilson(c[0], c[1]);
            double pHat = (double) c[0] / c[1];
            for (double end : new double[] {p.lo(), p.hi()}) {
                double lhs = (pHat - end) * (pHat - end);
                double rhs = Z * Z * end * (1 - end) / c[1];
                assertEquals(rhs, lhs, 1e-12, "endpoint " + end + " of " + c[0] + "/" + c[1]);
            }
            assertTrue(p.lo() < pHat && pHat < p.hi());
        }
    }

    @Test
    void zeroOfZeroIsUndefinedWithTheWholeUnitInterval() {
        Proportion p = Proportion.wilson(0, 0);
        assertFalse(p.isDefined());
        assertTrue(Double.isNaN(p.value()));
        assertEquals(0.0, p.lo());
        assertEquals(1.0, p.hi());
        assertEquals(p, Proportion.empty());
    }

    @Test
    void zeroSuccessesGiveExactZeroLowerEndAndClosedFormUpperEnd() {
        // for s = 0 the upper end is z^2 / (n + z^2): 3.84146 / 13.84146 = 0.27753
        Proportion p = Proportion.wilson(0, 10);
        assertEquals(0.0, p.value());
        assertEquals(0.0, p.lo());
        assertEquals(Z * Z / (10 + Z * Z), p.hi(), 1e-12);
        assertEquals(0.2775, p.hi(), 1e-4);
    }

    @Test
    void allSuccessesGiveExactOneUpperEndAndMirroredLowerEnd() {
        Proportion p = Proportion.wilson(10, 10);
        assertEquals(1.0, p.value());
        assertEquals(1.0, p.hi());
        assertEquals(10 / (10 + Z * Z), p.lo(), 1e-12);
    }

    @Test
    void intervalIsSymmetricUnderSwappingSuccessesAndFailures() {
        Proportion a = Proportion.wilson(3, 17);
        Proportion b = Proportion.wilson(14, 17);
        assertEquals(a.lo(), 1 - b.hi(), 1e-12);
        assertEquals(a.hi(), 1 - b.lo(), 1e-12);
    }

    @Test
    void intervalNarrowsWithMoreObservations() {
        Proportion small = Proportion.wilson(8, 10);
        Proportion large = Proportion.wilson(800, 1000);
        assertTrue(large.hi() - large.lo() < (small.hi() - small.lo()) / 5);
    }

    @Test
    void rejectsMoreSuccessesThanObservationsOrNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(11, 10));
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(1, 10, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Proportion(3, 2, 1.5, 0, 1));
    }
}
