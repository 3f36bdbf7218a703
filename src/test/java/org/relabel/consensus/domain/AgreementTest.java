package org.relabel.consensus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void fleissKappaMatchesTheTextbookExample() {
        // Fleiss (1971) as worked in Wikipedia's "Fleiss' kappa": 10 subjects, 14 raters, 5 categories;
        // P_bar = 0.378, P_e = 0.213, kappa = 0.210
        int[][] counts = {
            {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
        };
        assertEquals(0.210, Agreement.fleissKappa(counts), 0.0005);
    }

    @Test
    void fleissKappaOfMainLabelsMatchesHandComputation() {
        // main votes: i1 x,x,x; i2 x,y,y; i3 y,y,y. P_i = 1, 1/3, 1 -> P_bar = 7/9;
        // p_x = 4/9, p_y = 5/9 -> P_e = 41/81; kappa = (7/9 - 41/81) / (1 - 41/81) = 22/40
        JudgmentSet.Builder b = JudgmentSet.builder();
        String[][] mains = {{"x", "x", "x"}, {"x", "y", "y"}, {"y", "y", "y"}};
        for (int i = 0; i < 3; i++) {
            for (int a = 0; a < 3; a++) {
                b.add(Fixtures.response("i" + i, "a" + a, List.of("x", "y"), Set.of(mains[i][a]), mains[i][a]));
            }
        }
        assertEquals(0.55, Agreement.fleissKappa(b.build()), 1e-12);
    }

    @Test
    void fleissKappaIsOneForPerfectAgreementAndNaNWithoutVariation() {
        assertEquals(1.0, Agreement.fleissKappa(new int[][] {{3, 0}, {0, 3}}), 1e-12);
        assertTrue(Double.isNaN(Agreement.fleissKappa(new int[][] {{3, 0}, {3, 0}})));
        assertTrue(Double.isNaN(Agreement.fleissKappa(new int[][] {{1, 0}})));
    }

    @Test
    void masiDistanceFollowsPassonneau() {
        assertEquals(0.0, Agreement.masiDistance(Set.of("a", "b"), Set.of("b", "a")));
        assertEquals(1 - 0.5 * 2 / 3, Agreement.masiDistance(Set.of("a", "b"), Set.of("a")), 1e-12);
        assertEquals(1 - (1.0 / 3) * (1.0 / 3), Agreement.masiDistance(Set.of("a", "b"), Set.of("b", "c")), 1e-12);
        assertEquals(1.0, Agreement.masiDistance(Set.of("a"), Set.of("b")));
        assertEquals(1.0, Agreement.masiDistance(Set.of(), Set.of("b")));
        assertEquals(0.0, Agreement.masiDistance(Set.of(), Set.of()));
    }

    @Test
    void krippendorffAlphaOnSingletonsMatchesTheNominalTextbookExample() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal data with missing values:
        // 4 observers, 12 units, alpha = 0.743 (singleton sets make MASI the nominal distance)
        Integer[][] observers = {
            {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
            {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
            {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
            {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null},
        };
        List<List<Set<String>>> units = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            List<Set<String>> values = new ArrayList<>();
            for (Integer[] observer : observers) {
                if (observer[u] != null) {
                    values.add(Set.of("v" + observer[u]));
                }
            }
            units.add(values);
        }
        assertEquals(0.743, Agreement.krippendorffAlphaMasi(units), 0.0005);
    }

    @Test
    void krippendorffAlphaWithMasiMatchesHandComputation() {
        // unit 1: {a}, {a,b}; unit 2: {c}, {c}. n = 4.
        // D_o = (2 * 2/3) / 4 = 1/3. Ordered pairs over all values: d({a},{a,b}) = 2/3 twice,
        // {a}-{c} and {a,b}-{c}: 1, eight ordered pairs -> sum 28/3; D_e = (28/3) / 12 = 7/9. alpha = 1 - 3/7 = 4/7
        double expected = 4.0 / 7;
        assertEquals(expected, Agreement.krippendorffAlphaMasi(List.of(
                List.of(Set.of("a"), Set.of("a", "b")), List.of(Set.of("c"), Set.of("c")))), 1e-12);
        JudgmentSet data = JudgmentSet.builder()
                .add(Fixtures.response("u1", "p", List.of("a", "b"), Set.of("a"), null))
                .add(Fixtures.response("u1", "q", List.of("a", "b"), Set.of("a", "b"), null))
                .add(Fixtures.response("u2", "p", List.of("c"), Set.of("c"), null))
                .add(Fixtures.response("u2", "q", List.of("c"), Set.of("c"), null))
                .build();
        assertEquals(expected, Agreement.krippendorffAlphaMasi(data), 1e-12);
    }

    @Test
    void krippendorffAlphaIsNaNWhenUndefined() {
        assertTrue(Double.isNaN(Agreement.krippendorffAlphaMasi(List.of(List.of(Set.of("a"))))), "unpairable");
        assertTrue(Double.isNaN(Agreement.krippendorffAlphaMasi(List.of(List.of(Set.of("a"), Set.of("a"))))),
                "no variation");
    }
}
