package org.relabel.annotation;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** {@link GroupCommitTest} against a real PostgreSQL, where the next images are leased in bulk in the batch. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class GroupCommitPostgresTest extends GroupCommitTest {
}
