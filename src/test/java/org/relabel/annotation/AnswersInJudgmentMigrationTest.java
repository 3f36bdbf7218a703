package org.relabel.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.relabel.annotation.domain.StoredAnswers;

/**
 * Migration V11 moves the answer rows of existing judgments into the judgment row: run on a database at V10 holding
 * judgments (with and without answers), on H2 and on a real PostgreSQL, it keeps every answer.
 */
class AnswersInJudgmentMigrationTest {
    @Test
    void h2() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:answers-migration;DB_CLOSE_DELAY=-1");
        migrateAndCheck(h2);
    }

    @Test
    void postgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            migrateAndCheck(pg.getPostgresDatabase());
        }
    }

    private static void migrateAndCheck(DataSource ds) throws SQLException {
        Flyway.configure().dataSource(ds).target("10").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO dataset (id, dataset_key, name, created_at, updated_at) VALUES (1, 'd', 'D', "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO dataset_class (id, dataset_id, class_key, name) VALUES (7, 1, 'cat', 'Cat'), "
                    + "(12, 1, 'dog', 'Dog'), (105, 1, 'fox', 'Fox')");
            s.execute("INSERT INTO image (id, dataset_id, image_key, original_class_id) VALUES (1, 1, 'a.jpg', 7)");
            for (int j = 1; j <= 3; j++) {
                s.execute("INSERT INTO judgment (id, dataset_id, image_id, annotator, source, main_class_id, none_apply, "
                        + "unclear, shown, excluded, created_at) VALUES (" + j + ", 1, 1, 'w" + j + "', 'IMPORT', NULL, FALSE, "
                        + "FALSE, 'dog fox cat', FALSE, CURRENT_TIMESTAMP)");
            }
            s.execute("INSERT INTO judgment_answer (judgment_id, class_id, answer) VALUES (1, 105, 0), (1, 7, 2), (1, 12, 1), "
                    + "(2, 12, 2)");
        }
        Flyway.configure().dataSource(ds).load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, answers FROM judgment ORDER BY id")) {
            Map<Long, String> stored = new LinkedHashMap<>();
            while (rs.next()) stored.put(rs.getLong(1), rs.getString(2));
            assertEquals(Map.of(1L, "7:2 12:1 105:0", 2L, "12:2", 3L, ""), stored);
            assertEquals(Map.of(7L, (short) 2, 12L, (short) 1, 105L, (short) 0), StoredAnswers.decode(stored.get(1L)));
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM judgment_answer"), "the table is gone");
        }
    }
}
