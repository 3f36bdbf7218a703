package org.relabel.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.relabel.annotation.domain.StoredAnswers;

/**
 * The migrations that reshape stored judgments, run on a database at V10 that holds judgments, on H2 and on a real
 * PostgreSQL: V11 moves the answer rows into the judgment row and keeps every answer (judgments without answers get
 * none); V12 counts the campaign judgments per annotator and quarter hour; V13 (a Java migration) gives the leases
 * partial indexes on PostgreSQL; V14 (another) takes the statistics off the label lists there, and V15 slows autovacuum
 * down on the two largest busy tables.
 */
class JudgmentMigrationsTest {
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
            // V13: the leases have a partial index of their own, and the judgment index skips the leases
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'assignment' "
                         + "AND indexname IN ('ix_assignment_leased', 'ix_assignment_expiry', "
                         + "'ix_assignment_judgment') ORDER BY indexname")) {
                Map<String, String> defs = new LinkedHashMap<>();
                while (rs.next()) defs.put(rs.getString(1), rs.getString(2));
                assertEquals(List.of("ix_assignment_judgment", "ix_assignment_leased"),
                        List.copyOf(defs.keySet()));
                assertTrue(defs.get("ix_assignment_leased").endsWith("WHERE ((state)::text = 'LEASED'::text)"),
                        defs.get("ix_assignment_leased"));
                assertTrue(defs.get("ix_assignment_judgment").endsWith("WHERE (judgment_id IS NOT NULL)"));
                assertEquals(1L, CampaignFixture.scalar(pg.getPostgresDatabase(), "SELECT COUNT(*) FROM pg_indexes "
                        + "WHERE indexname = 'ix_campaign_image_extra' AND indexdef LIKE '%WHERE ((extra_wanted > 0)%'"));
            }
            // V14: no statistics for the label lists, and the other columns keep theirs
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT attrelid::regclass || '.' || attname, attstattarget FROM pg_attribute "
                         + "WHERE attrelid IN ('assignment'::regclass, 'judgment'::regclass, 'campaign_image'::regclass) "
                         + "AND attname IN ('shown', 'answers', 'candidates', 'annotator', 'image_id') ORDER BY 1")) {
                Map<String, Integer> targets = new LinkedHashMap<>();
                while (rs.next()) targets.put(rs.getString(1), (Integer) rs.getObject(2));
                Map<String, Integer> expected = new LinkedHashMap<>();
                expected.put("assignment.annotator", null);
                expected.put("assignment.image_id", null);
                expected.put("assignment.shown", 0);
                expected.put("campaign_image.candidates", 0);
                expected.put("campaign_image.image_id", null);
                expected.put("judgment.annotator", null);
                expected.put("judgment.answers", 0);
                expected.put("judgment.image_id", null);
                expected.put("judgment.shown", 0);
                assertEquals(expected, targets);
            }
            // V15: autovacuum at a gentler pace on the two largest busy tables only
            assertEquals("autovacuum_vacuum_cost_delay=20", text(pg.getPostgresDatabase(),
                    "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'assignment'"));
            assertEquals("autovacuum_vacuum_cost_delay=20", text(pg.getPostgresDatabase(),
                    "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'judgment'"));
            assertEquals("", text(pg.getPostgresDatabase(),
                    "SELECT COALESCE(array_to_string(reloptions, ','), '') FROM pg_class WHERE relname = 'campaign_image'"));
        }
    }

    /** The one text value a query returns. */
    private static String text(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
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
            s.execute("INSERT INTO campaign (id, dataset_id, name, state, model_ids, top_k, max_candidates, selection, overlap, "
                    + "gold_rate, lease_seconds, completion_code, completion_after, images, gold_images, created_at) VALUES "
                    + "(5, 1, 'c', 'OPEN', '', 3, 5, '{}', 2, 0, 600, 'RL-X', 10, 1, 0, CURRENT_TIMESTAMP)");
            // judgment 1 an import; 2 and 3 by w2 in the campaign, in two quarter hours (10:14:59 and 10:15:00 UTC)
            String[][] rows = {{"1", "w1", "NULL", "2026-11-29 10:14:59+00"}, {"2", "w2", "5", "2026-11-29 10:14:59.5+00"},
                {"3", "w2", "5", "2026-11-29 12:15:00+02"}, {"4", "w3", "5", "2026-11-29 11:00:00+01"}};
            for (String[] j : rows) {
                s.execute("INSERT INTO judgment (id, dataset_id, image_id, campaign_id, annotator, source, main_class_id, "
                        + "none_apply, unclear, shown, excluded, created_at) VALUES (" + j[0] + ", 1, 1, " + j[2] + ", '" + j[1]
                        + "', 'IMPORT', NULL, FALSE, FALSE, 'dog fox cat', FALSE, TIMESTAMP WITH TIME ZONE '" + j[3] + "')");
            }
            s.execute("INSERT INTO judgment_answer (judgment_id, class_id, answer) VALUES (1, 105, 0), (1, 7, 2), (1, 12, 1), "
                    + "(2, 12, 2)");
        }
        Flyway.configure().dataSource(ds).load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, answers FROM judgment ORDER BY id")) {
            Map<Long, String> stored = new LinkedHashMap<>();
            while (rs.next()) stored.put(rs.getLong(1), rs.getString(2));
            assertEquals(Map.of(1L, "7:2 12:1 105:0", 2L, "12:2", 3L, "", 4L, ""), stored);
            assertEquals(Map.of(7L, (short) 2, 12L, (short) 1, 105L, (short) 0), StoredAnswers.decode(stored.get(1L)));
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT COUNT(*) FROM judgment_answer"), "the table is gone");
        }
        long quarter = java.time.OffsetDateTime.parse("2026-11-29T10:15:00Z").toEpochSecond() / 900;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT campaign_id, annotator, quarter_hour, judgments FROM annotator_progress ORDER BY annotator, quarter_hour")) {
            StringBuilder rows = new StringBuilder();
            while (rs.next()) {
                rows.append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(' ')
                        .append(rs.getLong(3) - quarter).append(' ').append(rs.getInt(4)).append('\n');
            }
            assertEquals("5 w2 -1 1\n5 w2 0 1\n5 w3 -1 1\n", rows.toString(), "per annotator and quarter hour, imports not counted");
        }
    }
}
