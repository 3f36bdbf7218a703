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

        /** Judgments per image in the demo campaign. */
        @WithDefault("5")
        int overlap();
    }
}
