package org.relabel.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.relabel.testing.PostgresProfile;
import org.relabel.testing.PostgresResource;

/** {@link WorkerProfile} on a real PostgreSQL. */
public class WorkerPostgresProfile extends WorkerProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.putAll(new PostgresProfile().getConfigOverrides());
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class));
    }
}
