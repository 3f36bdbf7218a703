package org.relabel.consensus;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** Consensus and judgment import against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class ConsensusResourcePostgresTest extends ConsensusResourceTest {
}
