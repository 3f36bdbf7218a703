package org.relabel.job;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class JobClaimPostgresTest extends JobClaimTest {
}
