package org.relabel.export;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class ReleaseResourcePostgresTest extends ReleaseResourceTest {
}
