package org.relabel.account;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** Annotator pauses (native SQL for exclusions) against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class AnnotatorPausePostgresTest extends AnnotatorPauseTest {
}
