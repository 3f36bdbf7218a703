package org.relabel.demo.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relabel.audit.domain.Proportion;
import org.relabel.consensus.domain.Aggregator;
import org.relabel.consensus.domain.DawidSkeneAggregator;
import org.relabel.consensus.domain.ImageResponse;
import org.relabel.consensus.domain.JudgmentSet;
import org.relabel.consensus.domain.MajorityAggregator;
import org.relabel.demo.domain.TruthReport.Aggregation;
import org.relabel.demo.domain.TruthReport.Detection;
import org.relabel.demo.domain.TruthReport.Estimate;
import org.relabel.demo.domain.TruthReport.Labels;
import org.relabel.demo.domain.TruthReport.ModelAccuracy;
import org.relabel.demo.domain.TruthReport.TruthImage;

class TruthReportTest {

    /** a: fish alone, labelled fish. b: label error (labelled ball, only a fish). c: fish and ball, labelled ball. d: moon alone. */
    static final List<TruthImage> TRUTH = List.of(
            new TruthImage("a", "fish", Set.of("fish"), "fish", true),
            new TruthImage("b", "ball", Set.of("fish"), "fish", false),
            new TruthImage("c", "ball", Set.of("fish", "ball"), "fish", true),
            new TruthImage("d", "moon", Set.of("moon"), "moon", false));

    @Test
    void truthImageKnowsItsPlantedFailures() {
        assertFalse(TRUTH.get(0).labelError());
        assertTrue(TRUTH.get(1).labelError());
        assertFalse(TRUTH.get(2).labelError(), "a label that is present but not main is no label error");
        assertTrue(TRUTH.get(2).multiObject());
        assertFalse(TRUTH.get(3).multiObject());
        assertThrows(IllegalArgumentException.class, () -> new TruthImage("x", "fish", Set.of("ball"), "fish", false));
    }

    @Test
    void plantedRatesCountLabelErrorsMultiObjectScenesAndLabelsThatAreNotMain() {
        TruthReport.Planted p = TruthReport.planted(TRUTH);
        assertEquals(4, p.images());
        assertEquals(1, p.labelErrors().successes());
        assertEquals(1, p.multipleObjects().successes());
        assertEquals(2, p.originalNotMain().successes(), "b (error) and c (ball is not the main object)");
        assertEquals(2, p.mainOnPreferredBackground().successes());
        assertEquals(0.25, p.labelErrors().value(), 1e-12);
    }

    @Test
    void detectionScoresPrecisionAndRecallWithWilsonIntervals() {
        // flagged b (a label error) and d (not one); c is not flagged, x has no truth and is ignored
        Detection d = TruthReport.detection("label-error", "LABEL_ERROR", TRUTH, TruthImage::labelError, Set.of("b", "d", "x"));
        assertEquals(1, d.images());
        assertEquals(2, d.flagged());
        assertEquals(1, d.found());
        assertEquals(0.5, d.precision().value(), 1e-12);
        assertEquals(1.0, d.recall().value(), 1e-12);
        Proportion w = Proportion.wilson(1, 2);
        assertEquals(w.lo(), d.precision().lo(), 1e-12);
        assertEquals(w.hi(), d.precision().hi(), 1e-12);
        Detection none = TruthReport.detection("multiple-objects", "MULTIPLE_OBJECTS", TRUTH, TruthImage::multiObject, Set.of());
        assertEquals(0, none.flagged());
        assertFalse(none.precision().defined(), "nothing flagged: precision is undefined, not 0");
        assertNull(none.precision().value());
        assertEquals(0.0, none.recall().value(), 1e-12);
    }

    @Test
    void labelsAreComparedWithTheMainObjectAndTheFullSetOfObjects() {
        Map<String, Labels> consensus = Map.of(
                "a", new Labels(Set.of("fish"), "fish"),             // main right, set right
                "b", new Labels(Set.of("fish", "ball"), "fish"),     // main right, set wrong (ball is not there)
                "c", new Labels(Set.of("fish", "ball"), "ball"),     // main wrong, set right
                "d", new Labels(Set.of(), null));                    // nothing valid: both wrong
        Aggregation a = TruthReport.labels("stored", "included", TRUTH, consensus);
        assertEquals(4, a.images());
        assertEquals(2, a.mainLabel().successes());
        assertEquals(2, a.validSet().successes());
        Aggregation partial = TruthReport.labels("stored", "included", TRUTH, Map.of("a", new Labels(Set.of("fish"), "fish")));
        assertEquals(1, partial.images(), "images without consensus are left out");
    }

    @Test
    void aggregatorsAreComparedOnTheSameJudgments() {
        // two careful annotators, and three spammers who tick one label at random
        List<TruthImage> truth = new ArrayList<>();
        JudgmentSet.Builder b = JudgmentSet.builder();
        String[] classes = {"ball", "fish", "moon", "tent"};
        Random random = new Random(7);
        for (int i = 0; i < 120; i++) {
            String main = classes[i % classes.length];
            String image = "img-" + i;
            truth.add(new TruthImage(image, main, Set.of(main), main, true));
            List<String> shown = List.of(classes);
            for (String careful : List.of("careful-1", "careful-2")) {
                b.add(new ImageResponse(image, careful, shown, Set.of(main), main, false, false, 4000L, null));
            }
            for (String spammer : List.of("spam-1", "spam-2", "spam-3")) {
                String pick = classes[random.nextInt(classes.length)];
                b.add(new ImageResponse(image, spammer, shown, Set.of(pick), pick, false, false, 500L, null));
            }
        }
        JudgmentSet data = b.build();
        List<Aggregation> out = TruthReport.aggregate(truth, data, "all",
                List.of(new MajorityAggregator(), new DawidSkeneAggregator()));
        assertEquals(List.of("majority", "dawid-skene"), out.stream().map(Aggregation::method).toList());
        assertEquals(List.of("all", "all"), out.stream().map(Aggregation::judgments).toList());
        Aggregation majority = out.get(0);
        Aggregation ds = out.get(1);
        assertEquals(120, majority.images());
        assertEquals(120, ds.images());
        assertTrue(majority.mainLabel().value() < 1.0, "spammers who happen to agree outvote the careful pair now and then");
        assertTrue(ds.mainLabel().value() > majority.mainLabel().value(),
                "Dawid-Skene " + ds.mainLabel() + " vs majority " + majority.mainLabel());
        assertTrue(ds.validSet().value() > majority.validSet().value(),
                "Dawid-Skene " + ds.validSet() + " vs majority " + majority.validSet());
        assertEquals(Aggregator.all().size(), TruthReport.aggregate(truth, data, "all", Aggregator.all()).size());
    }

    @Test
    void modelsAreMeasuredAgainstOriginalConsensusAndTruthAndSplitByBackground() {
        Map<String, Map<String, String>> top1 = new LinkedHashMap<>();
        top1.put("m", Map.of("a", "fish", "b", "ball", "c", "ball", "d", "fish"));  // no prediction is missing
        top1.put("blind", Map.of());                                                // predicted nothing
        Map<String, Labels> consensus = Map.of(
                "a", new Labels(Set.of("fish"), "fish"),
                "b", new Labels(Set.of("fish"), "fish"),
                "c", new Labels(Set.of("fish", "ball"), "fish"),
                "d", new Labels(Set.of(), null));
        List<ModelAccuracy> out = TruthReport.models(TRUTH, top1, consensus);
        ModelAccuracy m = out.get(0);
        assertEquals("m", m.model());
        assertEquals(new Estimate(3, 4, 0.75, Proportion.wilson(3, 4).lo(), Proportion.wilson(3, 4).hi()), m.vsOriginal());
        assertEquals(1, m.vsConsensusMain().successes());
        assertEquals(3, m.vsConsensusMain().n(), "d has no consensus main label");
        assertEquals(2, m.vsConsensusValid().successes(), "a: fish; c: ball is valid");
        assertEquals(3, m.vsConsensusValid().n());
        assertEquals(1, m.vsTruthMain().successes());
        assertEquals(2, m.vsTruthAnyObject().successes());
        // preferred backgrounds: a (right) and c (wrong); others: b and d (both wrong)
        assertEquals(new Estimate(1, 2, 0.5, Proportion.wilson(1, 2).lo(), Proportion.wilson(1, 2).hi()),
                m.truthMainOnPreferredBackground());
        assertEquals(0, m.truthMainOnOtherBackground().successes());
        assertEquals(0.5, m.backgroundGap(), 1e-12);
        ModelAccuracy blind = out.get(1);
        assertEquals(0, blind.vsOriginal().n());
        assertNull(blind.backgroundGap());
    }
}
