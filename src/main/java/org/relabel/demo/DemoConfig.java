package org.relabel.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo world seeded at first start (prefix {@code relabel.demo}). */
@ConfigMapping(prefix = "relabel.demo")
public interface DemoConfig {

    /** Seed the demo project at start when it does not exist (default true; false in the PostgreSQL profile). */
    @WithDefault("true")
    boolean enabled();

    /** Key of the demo dataset. */
    @WithDefault("demo")
    String dataset();

    /** Seed of the scene generator and the simulated crowd: the same seed gives the same world. */
    @WithDefault("42")
    long seed();

    /** Test scenes (the dataset under audit). */
    @WithDefault("600")
    int testScenes();

    /** Training scenes for the demo models, labelled by the same flawed pipeline. */
    @WithDefault("2000")
    int trainScenes();

    /** Training epochs of the main demo model (the quick model gets a third). */
    @WithDefault("8")
    int epochs();

    /** Simulated crowd. */
    Crowd crowd();

    /** The demo campaign the simulated crowd answers (and people may join). */
    Campaign campaign();

    /** The demo campaign. */
    interface Campaign {
        /** Top-k of each demo model that enters an image's candidate set (with the original label). */
        @WithDefault("3")
        int topK();

        /**
         * Judgments per image left for people: the campaign asks for {@code crowd.overlap} plus this many, the
         * simulated crowd gives {@code crowd.overlap}, so the campaign stays open with work for real annotators.
         */
        @WithDefault("2")
        int leftForPeople();

        /**
         * Gold images (answers from the hidden truth): clear single-object scenes with a correct original label,
         * so that the anti-spam rules (relabel.antispam.*) have something to check.
         */
        @WithDefault("10")
        int goldImages();

        /** Share of assignments that are gold images. */
        @WithDefault("0.1")
        double goldRate();
    }

    /** Simulated crowd mix. */
    interface Crowd {
        /** Reliable annotators. */
        @WithDefault("6")
        int reliable();

        /** Sloppy annotators (miss small objects, sometimes tick absent ones). */
        @WithDefault("3")
        int sloppy();

        /** Spammers (fast, near-random). */
        @WithDefault("2")
        int spammers();

        /** Judgments per image the simulated crowd gives in the demo campaign. */
        @WithDefault("5")
        int overlap();

        /** Threads the simulated annotators work in (the assignment queue serves concurrent annotators). */
        @WithDefault("2")
        int threads();
    }
}
