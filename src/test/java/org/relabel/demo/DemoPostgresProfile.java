package org.relabel.demo;

import java.util.HashMap;
import java.util.Map;
import org.relabel.testing.PostgresProfile;

/** The small demo world of {@link DemoProfile} on PostgreSQL. */
public class DemoPostgresProfile extends PostgresProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.putAll(DemoProfile.demoOverrides());
        return m;
    }
}
