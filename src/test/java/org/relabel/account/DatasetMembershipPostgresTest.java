package org.relabel.account;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** Dataset membership against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class DatasetMembershipPostgresTest extends DatasetMembershipTest {
}
