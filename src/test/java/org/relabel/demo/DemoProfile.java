package org.relabel.demo;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * A small demo world seeded at start: 120 test scenes, two models trained briefly on 400 scenes, and a crowd of
 * 5 reliable, 2 sloppy and 3 spamming annotators giving 5 judgments per image. The speed rule of the anti-spam
 * checks waits for 40 judgments (instead of 20), so the spammers are paused only after they have weighed in on
 * a good share of the images: the truth report then compares the aggregation methods with spammers present.
 */
public class DemoProfile implements QuarkusTestProfile {
    /** The demo settings, also used by the PostgreSQL twin. */
    static Map<String, String> demoOverrides() {
        Map<String, String> m = new HashMap<>();
        m.put("relabel.demo.enabled", "true");
        m.put("relabel.demo.dataset", "demo");
        m.put("relabel.demo.test-scenes", "120");
        m.put("relabel.demo.train-scenes", "800");
        m.put("relabel.demo.epochs", "6");
        m.put("relabel.demo.crowd.reliable", "5");
        m.put("relabel.demo.crowd.sloppy", "2");
        m.put("relabel.demo.crowd.spammers", "3");
        m.put("relabel.demo.crowd.overlap", "5");
        m.put("relabel.antispam.min-judgments-for-speed", "40");
        return m;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return demoOverrides();
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
