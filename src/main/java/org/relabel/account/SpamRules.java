package org.relabel.account;

import java.util.Optional;

/**
 * When an annotator should be paused automatically: too low an accuracy on gold images, or answers
 * much faster than the crowd (a typical spammer clicks through). Plain Java; thresholds come from
 * {@code relabel.antispam.*}.
 */
public final class SpamRules {
    /** Reason codes stored with a pause. */
    public static final String GOLD_ACCURACY = "gold-accuracy";
    public static final String TOO_FAST = "too-fast";
    public static final String MANUAL = "manual";

    private SpamRules() {
    }

    /**
     * What is known about one annotator in one scope (a campaign, or everything).
     *
     * @param judgments          judgments given
     * @param goldAnswered       gold images answered
     * @param goldCorrect        gold images answered correctly
     * @param medianSeconds      the annotator's median time per judgment, or null when unknown
     * @param crowdMedianSeconds the median time per judgment of all annotators in the scope, or null
     */
    public record Stats(int judgments, int goldAnswered, int goldCorrect, Double medianSeconds, Double crowdMedianSeconds) {
        public Double goldAccuracy() {
            return goldAnswered == 0 ? null : (double) goldCorrect / goldAnswered;
        }
    }

    /**
     * Thresholds.
     *
     * @param minGold              gold answers needed before the accuracy rule applies
     * @param minGoldAccuracy      accuracy on gold below which an annotator is paused
     * @param minJudgmentsForSpeed judgments needed before the speed rule applies
     * @param minSpeedRatio        median time below this fraction of the crowd's median pauses
     */
    public record Params(int minGold, double minGoldAccuracy, int minJudgmentsForSpeed, double minSpeedRatio) {
    }

    /** Why an annotator should be paused. */
    public record Verdict(String reason, String detail) {
    }

    /** The first rule that fires, or empty when the annotator looks fine or there is too little evidence. */
    public static Optional<Verdict> evaluate(Stats s, Params p) {
        Double accuracy = s.goldAccuracy();
        if (s.goldAnswered() >= p.minGold() && accuracy != null && accuracy < p.minGoldAccuracy()) {
            return Optional.of(new Verdict(GOLD_ACCURACY, String.format(java.util.Locale.ROOT,
                    "%d of %d gold images right (%.0f%%, threshold %.0f%%)", s.goldCorrect(), s.goldAnswered(),
                    accuracy * 100, p.minGoldAccuracy() * 100)));
        }
        if (s.judgments() >= p.minJudgmentsForSpeed() && s.medianSeconds() != null && s.crowdMedianSeconds() != null
                && s.crowdMedianSeconds() > 0 && s.medianSeconds() < p.minSpeedRatio() * s.crowdMedianSeconds()) {
            return Optional.of(new Verdict(TOO_FAST, String.format(java.util.Locale.ROOT,
                    "median %.1f s per image against the crowd's %.1f s (threshold %.0f%% of it)",
                    s.medianSeconds(), s.crowdMedianSeconds(), p.minSpeedRatio() * 100)));
        }
        return Optional.empty();
    }
}
