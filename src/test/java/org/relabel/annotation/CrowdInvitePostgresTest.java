package org.relabel.annotation;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** {@link CrowdInviteTest} against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class CrowdInvitePostgresTest extends CrowdInviteTest {
}
