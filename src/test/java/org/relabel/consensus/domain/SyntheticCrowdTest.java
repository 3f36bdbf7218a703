package org.relabel.consensus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded synthetic crowds with known truth and confusion matrices. Thresholds are set with a margin below what the
 * models should reach in expectation, so the tests fail on real regressions, not on a lucky or unlucky seed.
 */
class SyntheticCrowdTest {

    private static final Aggregator MAJORITY = new MajorityAggregator();
    private static final Aggregator SF = new SelectionFrequencyAggregator();
    private static final Aggregator DS = new DawidSkeneAggregator();
    private static final Aggregator ONE_COIN = new OneCoinDawidSkeneAggregator();

    /** 40% of the crowd answers at random, 20% says yes to everything. */
    private static SyntheticCrowd.Crowd spammyCrowd(long seed) {
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(new int[] {16, 8, 16, 8}, SyntheticCrowd.RELIABLE,
                SyntheticCrowd.SLOPPY, SyntheticCrowd.RANDOM_SPAMMER, SyntheticCrowd.YES_SPAMMER);
        return SyntheticCrowd.presence(seed, 3000, 4, 5, 0.3, pool);
    }

    @Test
    void dawidSkeneRecoversTruthFromReliableCrowd() {
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(new int[] {20}, SyntheticCrowd.RELIABLE);
        SyntheticCrowd.Crowd crowd = SyntheticCrowd.presence(11, 2000, 4, 5, 0.3, pool);
        ConsensusResult ds = DS.aggregate(crowd.data(), AggregationParams.of(0.5));
        double accuracy = crowd.presenceAccuracy(ds);
        System.out.printf("reliable crowd: DS accuracy %.4f%n", accuracy);
        // 5 answers per pair from annotators right ~90% of the time: a majority of 5 errs < 1% of the time
        assertTrue(accuracy >= 0.98, "accuracy " + accuracy);
        assertTrue(ds.converged());
    }

    @Test
    void dawidSkeneBeatsMajorityWithSpammers() {
        SyntheticCrowd.Crowd crowd = spammyCrowd(21);
        double majority = crowd.presenceAccuracy(MAJORITY.aggregate(crowd.data()));
        double sf = crowd.presenceAccuracy(SF.aggregate(crowd.data()));
        double ds = crowd.presenceAccuracy(DS.aggregate(crowd.data(), AggregationParams.of(0.5)));
        System.out.printf("spammy crowd: majority %.4f, SF %.4f, DS %.4f%n", majority, sf, ds);
        assertTrue(ds >= majority + 0.05, "DS " + ds + " vs majority " + majority);
        assertTrue(ds >= sf + 0.05, "DS " + ds + " vs SF " + sf);
        assertTrue(ds >= 0.9, "DS accuracy " + ds);
    }

    @Test
    void oneCoinBeatsMajorityWithRandomSpammers() {
        // the one-coin model cannot describe a yes-sayer (its errors are one-sided), so only random spammers here
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(new int[] {16, 8, 24}, SyntheticCrowd.RELIABLE,
                SyntheticCrowd.SLOPPY, SyntheticCrowd.RANDOM_SPAMMER);
        SyntheticCrowd.Crowd crowd = SyntheticCrowd.presence(31, 3000, 4, 5, 0.3, pool);
        double majority = crowd.presenceAccuracy(MAJORITY.aggregate(crowd.data()));
        double oneCoin = crowd.presenceAccuracy(ONE_COIN.aggregate(crowd.data(), AggregationParams.of(0.5)));
        System.out.printf("random spammers: majority %.4f, one-coin %.4f%n", majority, oneCoin);
        assertTrue(oneCoin >= majority + 0.03, "one-coin " + oneCoin + " vs majority " + majority);
    }

    @Test
    void dawidSkeneRecoversAnnotatorConfusion() {
        SyntheticCrowd.Crowd crowd = spammyCrowd(41);
        ConsensusResult ds = DS.aggregate(crowd.data());
        List<AnnotatorQuality> quality = AnnotatorQuality.assess(crowd.data(), ds);
        for (int w = 0; w < quality.size(); w++) {
            SyntheticCrowd.Type type = crowd.type(w);
            AnnotatorQuality q = quality.get(w);
            // about 300 images x 4 labels per annotator: standard errors of a few percent
            assertEquals(type.confusion()[1][Answer.YES.code()], q.sensitivity(), 0.08, q + " " + type.name());
            assertEquals(type.confusion()[0][Answer.NO.code()], q.specificity(), 0.08, q + " " + type.name());
        }
    }

    @Test
    void spammersAreFlaggedAndReliableAnnotatorsAreNot() {
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(new int[] {12, 6, 6, 4}, SyntheticCrowd.RELIABLE,
                SyntheticCrowd.SLOPPY, SyntheticCrowd.RANDOM_SPAMMER, SyntheticCrowd.YES_SPAMMER);
        SyntheticCrowd.Crowd crowd = SyntheticCrowd.responses(51, 1500, 5, 40, 5, 0.25, pool);
        ConsensusResult ds = DS.aggregate(crowd.data());
        List<AnnotatorQuality> quality = AnnotatorQuality.assess(crowd.data(), ds);
        for (int w = 0; w < quality.size(); w++) {
            SyntheticCrowd.Type type = crowd.type(w);
            boolean spammer = type == SyntheticCrowd.RANDOM_SPAMMER || type == SyntheticCrowd.YES_SPAMMER;
            assertEquals(spammer, quality.get(w).spammer(), quality.get(w) + " is " + type.name());
            assertFalse(Double.isNaN(quality.get(w).medianSeconds()));
        }
    }

    @Test
    void dawidSkeneMainLabelBeatsPluralityWithSpammers() {
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(new int[] {10, 10, 20}, SyntheticCrowd.RELIABLE,
                SyntheticCrowd.SLOPPY, SyntheticCrowd.RANDOM_SPAMMER);
        SyntheticCrowd.Crowd crowd = SyntheticCrowd.responses(61, 3000, 5, 30, 5, 0.25, pool);
        double plurality = crowd.mainAccuracy(MAJORITY.aggregate(crowd.data()));
        double ds = crowd.mainAccuracy(DS.aggregate(crowd.data()));
        double oneCoin = crowd.mainAccuracy(ONE_COIN.aggregate(crowd.data()));
        System.out.printf("main label with spammers: plurality %.4f, DS %.4f, one-coin %.4f%n", plurality, ds,
                oneCoin);
        assertTrue(ds >= plurality + 0.05, "DS " + ds + " vs plurality " + plurality);
        // these spammers are exactly the one-coin model (never right, wrong uniformly): it should gain the most
        assertTrue(oneCoin >= plurality + 0.15, "one-coin " + oneCoin + " vs plurality " + plurality);
    }

    /**
     * Four of ten annotators always answer "c1" when the main object is c0 (and are right otherwise); six honest
     * annotators are right 80% of the time. Plurality often follows the confusers on c0 images, and a single
     * accuracy per annotator cannot express their error; a full confusion matrix learns that "c1" from a confuser
     * means "c0 or c1" and lets the honest ones decide.
     */
    @Test
    void dawidSkeneLearnsSystematicConfusionsThatOneCoinCannot() {
        Random random = new Random(71);
        List<String> classes = List.of("c0", "c1", "c2");
        JudgmentSet.Builder b = JudgmentSet.builder();
        String[] truth = new String[1500];
        for (int i = 0; i < truth.length; i++) {
            int z = random.nextInt(3);
            truth[i] = classes.get(z);
            int[] chosen = random.ints(0, 10).distinct().limit(5).toArray();
            for (int w : chosen) {
                int y;
                if (w < 4) {
                    y = z == 0 ? 1 : z;
                } else {
                    y = random.nextDouble() < 0.8 ? z : (z + 1 + random.nextInt(2)) % 3;
                }
                String main = classes.get(y);
                b.add(Fixtures.response(String.format("i%04d", i), "w" + w, classes, Set.of(main), main));
            }
        }
        JudgmentSet data = b.build();
        double[] accuracy = new double[3];
        Aggregator[] aggregators = {MAJORITY, ONE_COIN, DS};
        for (int m = 0; m < 3; m++) {
            ConsensusResult result = aggregators[m].aggregate(data, AggregationParams.of(0.0));
            int right = 0;
            for (int i = 0; i < truth.length; i++) {
                right += truth[i].equals(result.images().get(i).mainLabel()) ? 1 : 0;
            }
            accuracy[m] = (double) right / truth.length;
        }
        System.out.printf("systematic confusion: plurality %.4f, one-coin %.4f, DS %.4f%n", accuracy[0], accuracy[1],
                accuracy[2]);
        assertTrue(accuracy[2] >= accuracy[1] + 0.1, Arrays.toString(accuracy));
        assertTrue(accuracy[2] >= accuracy[0] + 0.1, Arrays.toString(accuracy));
        assertTrue(accuracy[2] >= 0.9, Arrays.toString(accuracy));
    }
}
