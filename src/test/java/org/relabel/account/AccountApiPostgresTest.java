package org.relabel.account;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** Users and API tokens against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class AccountApiPostgresTest extends AccountApiTest {
}
