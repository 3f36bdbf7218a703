package org.relabel.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** The audit API against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class AuditResourcePostgresTest extends AuditResourceTest {
}
