package org.relabel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpamRulesTest {
    final SpamRules.Params params = new SpamRules.Params(10, 0.6, 20, 0.25);

    @Test
    void pausesLowGoldAccuracyOnceThereIsEnoughGold() {
        assertTrue(SpamRules.evaluate(new SpamRules.Stats(30, 9, 0, 5.0, 5.0), params).isEmpty(), "9 gold answers are too few");
        var verdict = SpamRules.evaluate(new SpamRules.Stats(30, 10, 5, 5.0, 5.0), params).orElseThrow();
        assertEquals(SpamRules.GOLD_ACCURACY, verdict.reason());
        assertTrue(verdict.detail().contains("5 of 10"), verdict.detail());
        assertTrue(SpamRules.evaluate(new SpamRules.Stats(30, 10, 6, 5.0, 5.0), params).isEmpty(), "60% is enough");
    }

    @Test
    void pausesAnswersMuchFasterThanTheCrowd() {
        var verdict = SpamRules.evaluate(new SpamRules.Stats(20, 0, 0, 1.0, 8.0), params).orElseThrow();
        assertEquals(SpamRules.TOO_FAST, verdict.reason());
        assertTrue(SpamRules.evaluate(new SpamRules.Stats(20, 0, 0, 2.0, 8.0), params).isEmpty(), "exactly a quarter is fine");
        assertTrue(SpamRules.evaluate(new SpamRules.Stats(19, 0, 0, 1.0, 8.0), params).isEmpty(), "too few judgments");
        assertTrue(SpamRules.evaluate(new SpamRules.Stats(50, 0, 0, null, 8.0), params).isEmpty(), "unknown speed");
    }

    @Test
    void goldAccuracyIsCheckedBeforeSpeed() {
        assertEquals(SpamRules.GOLD_ACCURACY,
                SpamRules.evaluate(new SpamRules.Stats(50, 20, 2, 0.5, 8.0), params).orElseThrow().reason());
    }
}
