package org.relabel.job;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(WorkerPostgresProfile.class)
class JobClaimKindsPostgresTest extends JobClaimKindsTest {
}
