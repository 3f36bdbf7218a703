package org.relabel.audit.domain;

import static org.relabel.audit.domain.AuditFixtures.dataset;
import static org.relabel.audit.domain.AuditFixtures.judged;
import static org.relabel.audit.domain.AuditFixtures.model;
import static org.relabel.audit.domain.AuditFixtures.modelM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsCalculatorTest {

    private final MetricsCalculator calculator = new MetricsCalculator();

    private static void assertCounts(long successes, long n, Proportion p, String what) {
        assertEquals(successes, p.successes(), what + " successes");
        assertEquals(n, p.n(), what + " n");
        assertEquals(Proportion.wilson(successes, n), p, what);
    }

    @Test
    void countsEachAccuracyOnItsOwnDenominator() {
        ModelMetrics m = calculator.metrics(dataset(), modelM());
        assertEquals("M", m.model());
        assertEquals(7, m.images(), "i6 is excluded");
        assertEquals(1, m.withoutPrediction(), "i7 has no prediction");
        assertEquals(6, m.withPrediction());
        assertCounts(2, 6, m.top1(), "top-1: i1, i3");
        assertCounts(3, 6, m.top5(), "top-5: i1, i2, i3; i5's original is ranked 6th");
        assertCounts(2, 4, m.mainLabel(), "main: i1, i2 of i1, i2, i5, i8");
        assertCounts(3, 4, m.anyValid(), "ReaL: i1, i2, i5 of i1, i2, i5, i8");
    }

    @Test
    void emptyAndMissingValidSetsAreLeftOutOfAnyValidAccuracy() {
        // i3 has an empty valid set, i4 none: the model is right on i3 by the original label, wrong on i4
        List<ImageLabels> images = List.of(
                judged("i3", "b", Set.of(), null, null),
                ImageLabels.of("i4", "b"),
                judged("i9", "a", Set.of("a"), "a", 1));
        ModelMetrics m = calculator.metrics(images, model("M", "i3: b", "i4: c", "i9: a"));
        assertCounts(1, 1, m.anyValid(), "only i9 counts");
        assertCounts(2, 3, m.top1(), "original-label accuracy still counts all three");
    }

    @Test
    void imagesWithoutPredictionAreReportedNotCountedAsWrong() {
        List<ImageLabels> images = List.of(
                judged("i1", "a", Set.of("a"), "a", 1),
                judged("i2", "b", Set.of("b"), "b", 1),
                judged("i3", "c", Set.of("c"), "c", 1));
        ModelMetrics partial = calculator.metrics(images, model("P", "i1: a", "i2: b"));
        assertEquals(3, partial.images());
        assertEquals(1, partial.withoutPrediction());
        assertCounts(2, 2, partial.top1(), "top-1");
        assertCounts(2, 2, partial.anyValid(), "ReaL");
        ModelMetrics emptyList = calculator.metrics(images,
                new ModelPredictions("E", Map.of("i1", List.of(new RankedLabel("a", 0.9)), "i2", List.of())));
        assertEquals(2, emptyList.withoutPrediction(), "an empty ranked list is no prediction");
    }

    @Test
    void modelWithNoPredictionsHasUndefinedAccuracies() {
        ModelMetrics m = calculator.metrics(dataset(), model("nothing"));
        assertEquals(7, m.withoutPrediction());
        assertFalse(m.top1().isDefined());
        assertFalse(m.anyValid().isDefined());
        assertFalse(m.errorsJudgedValid().isDefined());
        assertTrue(Double.isNaN(m.overall().anyValidGap()));
    }

    @Test
    void excludedImagesAreSkippedByEveryMetric() {
        List<ImageLabels> images = List.of(
                judged("i1", "a", Set.of("a"), "a", 1),
                judged("i2", "a", Set.of("a"), "a", 1).withStatus(ReviewStatus.EXCLUDED));
        ModelMetrics m = calculator.metrics(images, model("M", "i1: a", "i2: z"));
        assertEquals(1, m.images());
        assertCounts(1, 1, m.top1(), "top-1");
        assertCounts(1, 1, m.inBucket(ObjectsBucket.ONE).top1(), "bucket");
        assertEquals(Set.of("a"), m.byClass().keySet());
        assertCounts(1, 1, m.byClass().get("a").top1(), "class a");
        // ambiguous images are left out too; other review statuses still count
        ModelMetrics ambiguous = calculator.metrics(List.of(images.get(0), images.get(1).withStatus(ReviewStatus.AMBIGUOUS)),
                model("M", "i1: a", "i2: z"));
        assertEquals(1, ambiguous.images());
        ModelMetrics kept = calculator.metrics(List.of(images.get(0), images.get(1).withStatus(ReviewStatus.KEPT_ORIGINAL)),
                model("M", "i1: a", "i2: z"));
        assertEquals(2, kept.images());
    }

    @Test
    void tiedProbabilitiesKeepTheGivenRankOrder() {
        List<ImageLabels> images = List.of(judged("i1", "a", Set.of("a"), "a", 1),
                judged("i2", "a", Set.of("a"), "a", 1));
        ModelPredictions tied = new ModelPredictions("T", Map.of(
                "i1", List.of(new RankedLabel("b", 0.5), new RankedLabel("a", 0.5)),
                "i2", List.of(new RankedLabel("a", 0.5), new RankedLabel("b", 0.5))));
        ModelMetrics m = calculator.metrics(images, tied);
        assertCounts(1, 2, m.top1(), "only i2 ranks 'a' first");
        assertCounts(2, 2, m.top5(), "both have 'a' in the top-5");
    }

    @Test
    void breaksDownByNumberOfObjectsInBuckets() {
        ModelMetrics m = calculator.metrics(dataset(), modelM());
        assertEquals(List.of(ObjectsBucket.ONE, ObjectsBucket.TWO, ObjectsBucket.THREE_OR_MORE),
                List.copyOf(m.byObjects().keySet()));
        Accuracy one = m.inBucket(ObjectsBucket.ONE); // i1 right, i8 wrong; i7 no prediction, i6 excluded
        assertCounts(1, 2, one.top1(), "1 object, top-1");
        assertCounts(1, 2, one.mainLabel(), "1 object, main");
        assertCounts(1, 2, one.anyValid(), "1 object, ReaL");
        Accuracy two = m.inBucket(ObjectsBucket.TWO); // i2: predicts b, original a, main b
        assertCounts(0, 1, two.top1(), "2 objects, top-1");
        assertCounts(1, 1, two.mainLabel(), "2 objects, main");
        assertCounts(1, 1, two.anyValid(), "2 objects, ReaL");
        Accuracy three = m.inBucket(ObjectsBucket.THREE_OR_MORE); // i5: predicts e, main d, valid {c, d, e}
        assertCounts(0, 1, three.top1(), "3+, top-1");
        assertCounts(0, 1, three.mainLabel(), "3+, main");
        assertCounts(1, 1, three.anyValid(), "3+, ReaL");
        assertEquals(1.0, two.anyValidGap(), 1e-12);
    }

    @Test
    void objectsBucketsFallBackToValidSetSizeAndSkipUnknownOrZero() {
        assertEquals(ObjectsBucket.ONE, ObjectsBucket.of(1));
        assertEquals(ObjectsBucket.TWO, ObjectsBucket.of(2));
        assertEquals(ObjectsBucket.THREE_OR_MORE, ObjectsBucket.of(3));
        assertEquals(ObjectsBucket.THREE_OR_MORE, ObjectsBucket.of(7));
        assertEquals(null, ObjectsBucket.of(0));
        assertEquals(null, ObjectsBucket.of(null));
        List<ImageLabels> images = List.of(
                judged("i1", "a", Set.of("a", "b"), "a", null), // no count: valid set size 2
                judged("i2", "a", Set.of(), null, null),          // 0 objects: no bucket
                ImageLabels.of("i3", "a"));                      // unknown: no bucket
        ModelMetrics m = calculator.metrics(images, model("M", "i1: a", "i2: a", "i3: a"));
        assertEquals(1, m.inBucket(ObjectsBucket.TWO).top1().n());
        assertEquals(0, m.inBucket(ObjectsBucket.ONE).top1().n());
        assertEquals(0, m.inBucket(ObjectsBucket.THREE_OR_MORE).top1().n());
    }

    @Test
    void breaksDownByClassOfTheOriginalLabel() {
        ModelMetrics m = calculator.metrics(dataset(), modelM());
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(m.byClass().keySet()));
        assertCounts(1, 2, m.byClass().get("a").top1(), "class a: i1 right, i2 wrong, i7 no prediction");
        assertCounts(1, 2, m.byClass().get("b").top1(), "class b: i3 right, i4 wrong");
        assertCounts(0, 1, m.byClass().get("c").top1(), "class c: i5 wrong, i6 excluded");
        assertCounts(1, 1, m.byClass().get("c").anyValid(), "class c ReaL");
        assertCounts(0, 1, m.byClass().get("d").top1(), "class d: i8 wrong");
    }

    @Test
    void classBreakdownCanUseAnotherClassThanTheOriginalLabel() {
        List<ImageLabels> images = List.of(
                judged("i1", "a", Set.of("a"), "a", 1).withImageClass("group-1"),
                judged("i2", "b", Set.of("b"), "b", 1).withImageClass("group-1"));
        ModelMetrics m = calculator.metrics(images, model("M", "i1: a", "i2: a"));
        assertEquals(Set.of("group-1"), m.byClass().keySet());
        assertCounts(1, 2, m.byClass().get("group-1").top1(), "group");
    }

    @Test
    void shareOfErrorsJudgedValidCountsOnlyErrorsOnImagesWithValidLabels() {
        // errors against the original: i2 (b, valid), i4 (no consensus: not counted), i5 (e, valid), i8 (e, not valid)
        ModelMetrics m = calculator.metrics(dataset(), modelM());
        assertCounts(2, 3, m.errorsJudgedValid(), "errors judged valid");
    }

    @Test
    void betterModelHasMoreOfItsErrorsJudgedValid() {
        // the phenomenon of Tsipras et al.: a model whose errors are valid labels vs. one with plain errors
        List<ImageLabels> images = List.of(
                judged("i1", "a", Set.of("a", "b"), "b", 2),
                judged("i2", "c", Set.of("c", "d"), "c", 2),
                judged("i3", "e", Set.of("e"), "e", 1));
        ModelMetrics good = calculator.metrics(images, model("good", "i1: b", "i2: d", "i3: e"));
        ModelMetrics bad = calculator.metrics(images, model("bad", "i1: x", "i2: y", "i3: e"));
        assertCounts(2, 2, good.errorsJudgedValid(), "good");
        assertCounts(0, 2, bad.errorsJudgedValid(), "bad");
        assertCounts(3, 3, good.anyValid(), "good ReaL");
        assertCounts(1, 3, bad.anyValid(), "bad ReaL");
    }

    @Test
    void metricsForSeveralModelsKeepTheirOrder() {
        List<ModelMetrics> all = calculator.metrics(dataset(), List.of(modelM(), model("N", "i1: a")));
        assertEquals(List.of("M", "N"), all.stream().map(ModelMetrics::model).toList());
        assertEquals(6, all.get(1).withoutPrediction());
        assertCounts(1, 1, all.get(1).top1(), "N");
    }

    @Test
    void rejectsTheSameImageTwice() {
        List<ImageLabels> images = List.of(ImageLabels.of("i1", "a"), ImageLabels.of("i1", "b"));
        assertThrows(IllegalArgumentException.class, () -> calculator.metrics(images, modelM()));
        assertThrows(IllegalArgumentException.class, () -> calculator.datasetFigures(images, List.of()));
    }

    @Test
    void datasetFiguresCountSharesOverImagesWithConsensus() {
        DatasetFigures f = calculator.datasetFigures(dataset(), List.of(modelM()));
        assertEquals(7, f.images());
        assertEquals(1, f.excluded());
        assertEquals(6, f.withConsensus(), "all but i4 (and the excluded i6)");
        assertCounts(2, 6, f.multipleObjects(), "i2, i5");
        assertCounts(2, 6, f.originalNotValid(), "i3 (empty set), i7");
        assertCounts(3, 5, f.originalNotMain(), "i2, i5, i7 of i1, i2, i5, i7, i8");
    }

    @Test
    void datasetFiguresHistogramSelectionFrequencyWhereTheLabelWasShown() {
        DatasetFigures f = calculator.datasetFigures(dataset(), List.of(modelM()));
        // original labels: i1 1.0, i2 0.6, i5 0.6, i7 0.2, i8 0.8 (i6 excluded, i3 and i4 not shown)
        Histogram original = f.originalLabelSf();
        assertEquals(List.of(0L, 0L, 1L, 0L, 0L, 0L, 2L, 0L, 1L, 1L), original.counts());
        assertEquals(0.64, original.mean(), 1e-12);
        // M's top-1: i1 a 1.0, i2 b 0.8, i5 e 0.7, i8 e 0.1 (i3, i4 not shown, i7 no prediction)
        Histogram m = f.top1SfByModel().get("M");
        assertEquals(List.of(0L, 1L, 0L, 0L, 0L, 0L, 0L, 1L, 1L, 1L), m.counts());
        assertEquals(0.65, m.mean(), 1e-12);
    }

    @Test
    void datasetFiguresWithoutConsensusAreUndefined() {
        DatasetFigures f = calculator.datasetFigures(List.of(ImageLabels.of("i1", "a")), List.of());
        assertEquals(0, f.withConsensus());
        assertFalse(f.multipleObjects().isDefined());
        assertFalse(f.originalNotMain().isDefined());
        assertEquals(0, f.originalLabelSf().total());
        assertTrue(f.top1SfByModel().isEmpty());
    }
}
