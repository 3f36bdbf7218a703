package org.relabel.annotation;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.relabel.testing.PostgresProfile;

/** {@link AnnotationResourceTest} against a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class AnnotationResourcePostgresTest extends AnnotationResourceTest {
}
