package org.relabel.dataset;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** The dataset API against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class DatasetResourcePostgresTest extends DatasetResourceTest {
}
