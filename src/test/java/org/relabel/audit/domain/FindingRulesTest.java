package org.relabel.audit.domain;

import static org.relabel.audit.domain.AuditFixtures.judged;
import static org.relabel.audit.domain.AuditFixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingRulesTest {

    private final FindingRules rules = new FindingRules();

    private List<Finding> of(FindingKind kind, ImageLabels image, ModelPredictions... models) {
        return rules.findings(image, List.of(models)).stream().filter(f -> f.kind() == kind).toList();
    }

    /** A single-object image where everybody agrees with the original label: no finding at all. */
    private static ImageLabels clean(String image) {
        return judged(image, "a", Set.of("a"), "a", 1)
                .withSelectionFrequency(Map.of("a", 1.0, "b", 0.0))
                .withMainLabelShares(Map.of("a", 1.0));
    }

    @Test
    void cleanImageHasNoFinding() {
        assertEquals(List.of(), rules.findings(clean("i1"), List.of(model("M", "i1: a"))));
    }

    @Test
    void labelErrorFiresWhenOriginalSfIsLowAndAnotherIsHigh() {
        ImageLabels img = clean("i1").withSelectionFrequency(Map.of("a", 0.2, "b", 0.9, "c", 0.4));
        List<Finding> f = of(FindingKind.LABEL_ERROR, img);
        assertEquals(1, f.size());
        assertEquals(0.7, f.get(0).score(), 1e-12);
        assertTrue(f.get(0).reason().contains("'a'") && f.get(0).reason().contains("'b'"), f.get(0).reason());
        assertTrue(f.get(0).reason().contains("20%") && f.get(0).reason().contains("90%"), f.get(0).reason());
    }

    @Test
    void labelErrorFiresExactlyOnItsThresholds() {
        ImageLabels img = clean("i1").withSelectionFrequency(Map.of("a", 3.0 / 10, "b", 7.0 / 10));
        assertEquals(1, of(FindingKind.LABEL_ERROR, img).size());
        assertEquals(0.4, of(FindingKind.LABEL_ERROR, img).get(0).score(), 1e-12);
    }

    @Test
    void labelErrorDoesNotFireWhenOriginalIsSelectedEnoughOrNoOtherIsHigh() {
        assertEquals(List.of(), of(FindingKind.LABEL_ERROR,
                clean("i1").withSelectionFrequency(Map.of("a", 0.4, "b", 1.0))));
        assertEquals(List.of(), of(FindingKind.LABEL_ERROR,
                clean("i1").withSelectionFrequency(Map.of("a", 0.0, "b", 0.6))));
        assertEquals(List.of(), of(FindingKind.LABEL_ERROR,
                clean("i1").withSelectionFrequency(Map.of("b", 1.0))), "original not shown: SF undefined");
    }

    @Test
    void labelErrorTieNamesTheSmallerLabelKey() {
        ImageLabels img = clean("i1").withSelectionFrequency(Map.of("a", 0.0, "z", 0.8, "m", 0.8));
        Finding f = of(FindingKind.LABEL_ERROR, img).get(0);
        assertTrue(f.reason().contains("'m'") && !f.reason().contains("'z'"), f.reason());
    }

    @Test
    void multipleObjectsFiresOnTwoOrMoreValidLabels() {
        ImageLabels img = judged("i1", "a", Set.of("a", "b", "c"), "a", 3)
                .withSelectionFrequency(Map.of("a", 1.0, "b", 0.8, "c", 0.6));
        List<Finding> f = of(FindingKind.MULTIPLE_OBJECTS, img);
        assertEquals(1, f.size());
        assertEquals(0.8, f.get(0).score(), 1e-12, "second-highest SF among valid labels");
        assertEquals("People judged 3 labels present: 'a' (SF 1.00), 'b' (SF 0.80), 'c' (SF 0.60).",
                f.get(0).reason());
        ImageLabels withoutSf = judged("i2", "a", Set.of("a", "b"), "a", 2);
        assertEquals(0.5, of(FindingKind.MULTIPLE_OBJECTS, withoutSf).get(0).score(), 1e-12, "1 - 1/2");
    }

    @Test
    void multipleObjectsDoesNotFireOnOneOrNoValidLabel() {
        assertEquals(List.of(), of(FindingKind.MULTIPLE_OBJECTS, clean("i1")));
        assertEquals(List.of(), of(FindingKind.MULTIPLE_OBJECTS, judged("i1", "a", Set.of(), null, 0)));
        assertEquals(List.of(), of(FindingKind.MULTIPLE_OBJECTS, ImageLabels.of("i1", "a").withJudgments(5)));
    }

    @Test
    void ambiguousMainFiresWhenTopTwoSharesAreClose() {
        ImageLabels img = clean("i1").withMainLabelShares(Map.of("a", 0.6, "b", 0.4));
        List<Finding> f = of(FindingKind.AMBIGUOUS_MAIN, img);
        assertEquals(1, f.size(), "3 vs 2 of 5: gap 0.2 is at the threshold");
        assertEquals(0.8, f.get(0).score(), 1e-12);
        assertEquals("Main-label votes are split: 'a' 60%, 'b' 40%.", f.get(0).reason());
    }

    @Test
    void ambiguousMainTieScoresOneAndListsLabelsInKeyOrder() {
        ImageLabels img = clean("i1").withMainLabelShares(Map.of("z", 0.4, "b", 0.4, "a", 0.2));
        Finding f = of(FindingKind.AMBIGUOUS_MAIN, img).get(0);
        assertEquals(1.0, f.score(), 1e-12);
        assertEquals("Main-label votes are split: 'b' 40%, 'z' 40%, 'a' 20%.", f.reason());
    }

    @Test
    void ambiguousMainDoesNotFireOnClearMajorityOrSingleVote() {
        assertEquals(List.of(), of(FindingKind.AMBIGUOUS_MAIN,
                clean("i1").withMainLabelShares(Map.of("a", 0.8, "b", 0.2))));
        assertEquals(List.of(), of(FindingKind.AMBIGUOUS_MAIN,
                clean("i1").withMainLabelShares(Map.of("a", 0.1, "b", 0.0))), "only one label has votes");
        assertEquals(List.of(), of(FindingKind.AMBIGUOUS_MAIN, clean("i1").withMainLabelShares(Map.of())));
    }

    @Test
    void modelAgreementFiresWhenMostModelsPredictAnOriginalLabelPeopleRejected() {
        ImageLabels img = judged("i1", "a", Set.of("b"), "b", 1).withSelectionFrequency(Map.of("a", 0.2, "b", 1.0));
        List<Finding> f = of(FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE, img,
                model("M1", "i1: a"), model("M2", "i1: a b"), model("M3", "i1: b"), model("M4"));
        assertEquals(1, f.size());
        assertEquals(2.0 / 3, f.get(0).score(), 1e-12, "2 of the 3 models with a prediction");
        assertEquals("2 of 3 models predict the original label 'a', but people judged it not present (SF 0.20)"
                + " and chose 'b' as the main object.", f.get(0).reason());
    }

    @Test
    void modelAgreementFiresWhenOriginalIsValidButNotTheMainObject() {
        ImageLabels img = judged("i1", "a", Set.of("a", "b"), "b", 2);
        List<Finding> f = of(FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE, img, model("M", "i1: a"));
        assertEquals(1, f.size());
        assertEquals(1.0, f.get(0).score(), 1e-12);
        assertEquals("1 of 1 model predicts the original label 'a', but people chose 'b' as the main object.",
                f.get(0).reason());
    }

    @Test
    void modelAgreementDoesNotFireWithoutAStrictMajorityOrWhenPeopleAgree() {
        ImageLabels rejected = judged("i1", "a", Set.of("b"), "b", 1);
        assertEquals(List.of(), of(FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE, rejected,
                model("M1", "i1: a"), model("M2", "i1: b")), "1 of 2 is not a majority");
        assertEquals(List.of(), of(FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE, rejected),
                "no model");
        assertEquals(List.of(), of(FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE, clean("i1"),
                model("M1", "i1: a")), "people agree with the original");
        assertEquals(List.of(), of(FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE,
                ImageLabels.of("i1", "a").withJudgments(5), model("M1", "i1: a")), "no consensus");
    }

    @Test
    void tooFewJudgmentsFiresBelowTheRequiredCountAndSilencesPeopleRules() {
        ImageLabels img = judged("i1", "a", Set.of("b", "c"), "b", 2).withJudgments(2)
                .withSelectionFrequency(Map.of("a", 0.0, "b", 1.0, "c", 1.0));
        List<Finding> f = rules.findings(img, List.of(model("M", "i1: a")));
        assertEquals(1, f.size(), f.toString());
        assertEquals(FindingKind.TOO_FEW_JUDGMENTS, f.get(0).kind());
        assertEquals(1.0 / 3, f.get(0).score(), 1e-12);
        assertEquals("2 of the 3 required judgments.", f.get(0).reason());
    }

    @Test
    void tooFewJudgmentsDoesNotFireAtTheRequiredCountOrOnUnjudgedImagesByDefault() {
        assertEquals(List.of(), of(FindingKind.TOO_FEW_JUDGMENTS, clean("i1").withJudgments(3)));
        assertEquals(List.of(), rules.findings(ImageLabels.of("i1", "a"), List.of()));
        FindingParams flagAll = new FindingParams(0.3, 0.7, 2, 0.2, 0.5, 1, 3, true);
        List<Finding> f = new FindingRules(flagAll).findings(ImageLabels.of("i1", "a"), List.of());
        assertEquals(1, f.size());
        assertEquals(1.0, f.get(0).score(), 1e-12);
    }

    @Test
    void excludedImagesGetNoFinding() {
        ImageLabels img = judged("i1", "a", Set.of("b", "c"), "b", 2)
                .withSelectionFrequency(Map.of("a", 0.0, "b", 1.0, "c", 1.0))
                .withMainLabelShares(Map.of("b", 0.5, "c", 0.5));
        assertEquals(4, rules.findings(img, List.of(model("M", "i1: a"))).size());
        assertEquals(List.of(), rules.findings(img.withStatus(ReviewStatus.EXCLUDED), List.of(model("M", "i1: a"))));
        assertEquals(List.of(), rules.findings(img.withJudgments(1).withStatus(ReviewStatus.EXCLUDED), List.of()));
    }

    @Test
    void findingsComeInImageOrderThenKindOrder() {
        ImageLabels both = judged("i2", "a", Set.of("b", "c"), "b", 2)
                .withSelectionFrequency(Map.of("a", 0.0, "b", 1.0, "c", 1.0));
        List<Finding> f = rules.findings(List.of(clean("i1"), both, clean("i3").withJudgments(1)),
                List.of(model("M", "i2: a")));
        assertEquals(List.of("i2", "i2", "i2", "i3"), f.stream().map(Finding::image).toList());
        assertEquals(List.of(FindingKind.LABEL_ERROR, FindingKind.MULTIPLE_OBJECTS,
                FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE, FindingKind.TOO_FEW_JUDGMENTS),
                f.stream().map(Finding::kind).toList());
    }

    @Test
    void customThresholdsChangeWhatFires() {
        FindingParams strict = new FindingParams(0.1, 0.9, 3, 0.05, 0.5, 2, 5, false);
        FindingRules custom = new FindingRules(strict);
        ImageLabels img = judged("i1", "a", Set.of("a", "b"), "b", 2).withJudgments(5)
                .withSelectionFrequency(Map.of("a", 0.2, "b", 0.8))
                .withMainLabelShares(Map.of("a", 0.4, "b", 0.6));
        assertEquals(List.of(), custom.findings(img, List.of(model("M", "i1: a"))),
                "SF 0.2 > 0.1, 2 valid labels < 3, gap 0.2 > 0.05, 1 model < 2");
        assertEquals(4, rules.findings(img, List.of(model("M", "i1: a"))).size(), "defaults fire on it");
    }

    @Test
    void paramsRejectInconsistentThresholds() {
        assertThrows(IllegalArgumentException.class, () -> new FindingParams(0.8, 0.7, 2, 0.2, 0.5, 1, 3, false));
        assertThrows(IllegalArgumentException.class, () -> new FindingParams(0.3, 0.7, 1, 0.2, 0.5, 1, 3, false));
        assertThrows(IllegalArgumentException.class, () -> new FindingParams(0.3, 0.7, 2, 1.2, 0.5, 1, 3, false));
        assertThrows(IllegalArgumentException.class, () -> new FindingParams(0.3, 0.7, 2, 0.2, 0.5, 1, 0, false));
    }

    @Test
    void reasonNumbersAreRoundedToTwoDecimalsAndWholePercents() {
        assertEquals("0.05", FindingRules.decimal(0.05));
        assertEquals("0.10", FindingRules.decimal(0.1));
        assertEquals("1.00", FindingRules.decimal(0.999));
        assertEquals("0.00", FindingRules.decimal(0.0));
        assertEquals("67%", FindingRules.percent(2.0 / 3));
        assertEquals("0%", FindingRules.percent(0.0));
    }
}
