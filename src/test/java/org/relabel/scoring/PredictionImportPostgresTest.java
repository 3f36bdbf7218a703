package org.relabel.scoring;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** Prediction import against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PredictionImportPostgresTest extends PredictionImportTest {
}
