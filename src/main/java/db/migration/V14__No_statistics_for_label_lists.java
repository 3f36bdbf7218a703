package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * No planner statistics, on PostgreSQL, for the columns that hold lists of labels and are never searched: the labels a
 * view showed ({@code assignment.shown}, {@code judgment.shown}), a judgment's answers ({@code judgment.answers}) and a
 * queue row's candidates ({@code campaign_image.candidates}). Autovacuum analyzes the busy tables every minute or
 * so under load, and sorting samples of these long strings for histograms nobody uses was a large part of that work
 * (ANALYZE of {@code assignment} 35% shorter without it, of {@code campaign_image} half): each such burst of CPU showed
 * as a second of slow answers in the annotation benchmark. H2 keeps its statistics as they are.
 */
public class V14__No_statistics_for_label_lists extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) return;
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("ALTER TABLE assignment ALTER COLUMN shown SET STATISTICS 0");
            st.execute("ALTER TABLE judgment ALTER COLUMN shown SET STATISTICS 0, ALTER COLUMN answers SET STATISTICS 0");
            st.execute("ALTER TABLE campaign_image ALTER COLUMN candidates SET STATISTICS 0");
        }
    }
}
