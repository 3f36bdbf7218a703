package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Autovacuum of the two largest busy tables, {@code assignment} and {@code judgment}, at the pace PostgreSQL used by
 * default before version 12 ({@code autovacuum_vacuum_cost_delay = 20} ms instead of 2 on these tables alone): a
 * vacuum of a million-row table with its indexes otherwise takes one of two cores for a second or two, every few
 * minutes at 2,000 judgments/s, and those were the slowest seconds left in the annotation benchmark. Spread over
 * ten times as long, the same work leaves room for the requests. The other tables keep the server's pace. H2 has
 * no autovacuum.
 */
public class V15__Gentle_autovacuum_of_busy_tables extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) return;
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("ALTER TABLE assignment SET (autovacuum_vacuum_cost_delay = 20)");
            st.execute("ALTER TABLE judgment SET (autovacuum_vacuum_cost_delay = 20)");
        }
    }
}
