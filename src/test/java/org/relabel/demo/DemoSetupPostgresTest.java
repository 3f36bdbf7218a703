package org.relabel.demo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The demo seeding, truth report and reset on PostgreSQL (its queue leases and foreign keys differ from H2's). */
@QuarkusTest
@TestProfile(DemoPostgresProfile.class)
class DemoSetupPostgresTest extends DemoSetupTest {
}
