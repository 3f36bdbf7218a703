package org.relabel.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Automatic pausing of annotators (prefix {@code relabel.antispam}). */
@ConfigMapping(prefix = "relabel.antispam")
public interface AntiSpamConfig {
    /** Whether gold accuracy and speed checks pause annotators automatically (curators can always pause by hand). */
    @WithDefault("true")
    boolean enabled();

    /** Gold images an annotator must have answered before the accuracy rule applies. */
    @WithDefault("10")
    int minGold();

    /** Accuracy on gold images (0..1) below which an annotator is paused. */
    @WithDefault("0.6")
    double minGoldAccuracy();

    /** Judgments an annotator must have given before the speed rule applies. */
    @WithDefault("20")
    int minJudgmentsForSpeed();

    /** An annotator whose median time per image is below this fraction of the crowd's median is paused. */
    @WithDefault("0.25")
    double minSpeedRatio();

    /**
     * The rules are checked after each answer to a gold image and after every this many judgments of an annotator
     * in a campaign, counted by each instance in memory (each check reads the annotator's gold answers and newest
     * times in that campaign).
     */
    @WithDefault("5")
    int checkEvery();

    /**
     * Whether pausing marks the annotator's existing judgments (in the pause's scope) as excluded from
     * consensus; reinstating includes exactly those again.
     */
    @WithDefault("true")
    boolean excludeJudgments();

    default SpamRules.Params params() {
        return new SpamRules.Params(minGold(), minGoldAccuracy(), minJudgmentsForSpeed(), minSpeedRatio());
    }
}
