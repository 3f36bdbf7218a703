package org.relabel.annotation;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class CampaignSafeguardsPostgresTest extends CampaignSafeguardsTest {
}
