package org.relabel.job;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** An instance that claims only {@code test-kind-a}: it lists a and b, and excludes b. */
public class WorkerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("relabel.jobs.kinds", "test-kind-a,test-kind-b", "relabel.jobs.exclude-kinds", "test-kind-b");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
