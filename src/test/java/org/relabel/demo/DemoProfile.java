package org.relabel.demo;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A small demo world seeded at start. */
public class DemoProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("relabel.demo.enabled", "true", "relabel.demo.test-scenes", "120", "relabel.demo.train-scenes", "400", "relabel.demo.epochs", "3",
                "relabel.demo.dataset", "demo");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
