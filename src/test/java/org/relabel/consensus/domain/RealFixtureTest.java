package org.relabel.consensus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real crowd ratings: the ImageNet "ReaL" subset in {@code shared/fixtures/imagenet-real-subset} (2,000 images,
 * 75,725 yes/maybe/no ratings of 15,145 (image, label) pairs by 82 raters). The publishers' label sets are the pairs
 * whose Dawid-Skene score is at least 0.8; their exact model is not documented, so agreement, not identity, is
 * tested. Skipped when the fixture folder is not there.
 */
class RealFixtureTest {

    private static Path fixture;
    private static JudgmentSet data;
    private static Map<String, List<String>> published;
    private static Map<String, Double> publishedScores;

    static Path locateFixture() {
        for (String candidate : List.of("src/test/resources/fixtures/imagenet-real-subset",
                "../shared/fixtures/imagenet-real-subset")) {
            Path path = Path.of(candidate);
            if (Files.isRegularFile(path.resolve("ratings.csv"))) {
                return path;
            }
        }
        return null;
    }

    @BeforeAll
    static void load() throws IOException {
        fixture = locateFixture();
        if (fixture == null) {
            return;
        }
        JudgmentSet.Builder builder = JudgmentSet.builder();
        try (BufferedReader in = Files.newBufferedReader(fixture.resolve("ratings.csv"), StandardCharsets.UTF_8)) {
            assertEquals("image,label,annotator,answer", in.readLine());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",", -1);
                builder.add(f[0], f[1], f[2], Answer.parse(f[3]));
            }
        }
        data = builder.build();
        published = parseStringArrays(Files.readString(fixture.resolve("real_sets.json")));
        publishedScores = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(fixture.resolve("ds_scores.csv"), StandardCharsets.UTF_8)) {
            assertEquals("image,label,score", in.readLine());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",", -1);
                publishedScores.put(f[0] + "," + f[1], Double.parseDouble(f[2]));
            }
        }
    }

    /** Parses {@code {"key": ["a", "b"], ...}} (keys and values plain strings without escapes). */
    static Map<String, List<String>> parseStringArrays(String json) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        String key = null;
        List<String> values = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = json.indexOf('"', i + 1);
                String s = json.substring(i + 1, end);
                if (values != null) {
                    values.add(s);
                } else {
                    key = s;
                }
                i = end;
            } else if (c == '[') {
                values = new ArrayList<>();
            } else if (c == ']') {
                map.put(key, values);
                values = null;
            }
        }
        return map;
    }

    @Test
    void fixtureHasTheDocumentedSize() {
        org.junit.jupiter.api.Assertions.assertTrue(fixture != null, "fixture imagenet-real-subset not found");
        assertEquals(2000, data.imageCount());
        assertEquals(15145, data.pairCount());
        assertEquals(75725, data.answerCount());
        assertEquals(82, data.annotatorCount());
        assertEquals(2000, published.size());
    }

    @Test
    void dawidSkeneReproducesPublishedRealLabelSets() {
        org.junit.jupiter.api.Assertions.assertTrue(fixture != null, "fixture imagenet-real-subset not found");
        ConsensusResult ds = new DawidSkeneAggregator().aggregate(data); // threshold 0.8
        ConsensusResult sf = new SelectionFrequencyAggregator().aggregate(data);
        double dsAgreement = pairAgreement(ds);
        double sfAgreement = pairAgreement(sf);
        int sameSets = 0;
        for (ImageConsensus c : ds.images()) {
            sameSets += new TreeSet<>(published.get(c.image())).equals(new TreeSet<>(c.validLabels())) ? 1 : 0;
        }
        double sumAbs = 0;
        double[] ours = new double[data.pairCount()];
        double[] theirs = new double[data.pairCount()];
        for (int p = 0; p < data.pairCount(); p++) {
            ours[p] = ds.score(p);
            theirs[p] = publishedScores.get(data.imageKey(data.pairImage(p)) + "," + data.labelKey(data.pairLabel(p)));
            sumAbs += Math.abs(ours[p] - theirs[p]);
        }
        double correlation = pearson(ours, theirs);
        System.out.printf("ReaL subset: Dawid-Skene (threshold 0.8) agrees with the published sets on %.2f%% of %d "
                        + "pairs (identical sets on %.2f%% of %d images; %d iterations, converged %s); "
                        + "selection frequency >= 0.5 agrees on %.2f%%; published DS scores: mean |difference| %.4f, "
                        + "Pearson r %.4f%n",
                100 * dsAgreement, data.pairCount(), 100.0 * sameSets / data.imageCount(), data.imageCount(),
                ds.iterations(), ds.converged(), 100 * sfAgreement, sumAbs / data.pairCount(), correlation);
        assertTrue(ds.converged());
        assertTrue(dsAgreement >= 0.97, "agreement " + dsAgreement);
        assertTrue(correlation >= 0.9, "correlation with the published scores " + correlation);
    }

    @Test
    void consensusFindsEmptyAndMultiLabelImagesLikeThePublishers() {
        org.junit.jupiter.api.Assertions.assertTrue(fixture != null, "fixture imagenet-real-subset not found");
        ConsensusResult ds = new DawidSkeneAggregator().aggregate(data);
        long empty = ds.images().stream().filter(c -> c.objects() == 0).count();
        long multi = ds.images().stream().filter(c -> c.objects() > 1).count();
        long publishedEmpty = published.values().stream().filter(List::isEmpty).count();
        long publishedMulti = published.values().stream().filter(l -> l.size() > 1).count();
        System.out.printf("ReaL subset: empty sets %d (published %d), multi-label %d (published %d)%n", empty,
                publishedEmpty, multi, publishedMulti);
        assertTrue(empty > 0 && multi > 0);
        assertEquals(publishedEmpty, empty, 0.1 * publishedEmpty);
        assertEquals(publishedMulti, multi, 0.1 * publishedMulti);
        for (ImageConsensus c : ds.images()) {
            assertTrue(c.mainLabel() == null || c.validLabels().contains(c.mainLabel()));
        }
    }

    private static double pairAgreement(ConsensusResult result) {
        int agree = 0;
        for (int p = 0; p < data.pairCount(); p++) {
            boolean publishedValid = published.get(data.imageKey(data.pairImage(p)))
                    .contains(data.labelKey(data.pairLabel(p)));
            agree += publishedValid == result.isValid(p) ? 1 : 0;
        }
        return (double) agree / data.pairCount();
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
