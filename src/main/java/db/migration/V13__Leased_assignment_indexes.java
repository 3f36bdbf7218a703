package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * An index of the leases alone, on PostgreSQL: a campaign holds hundreds of leases among millions of assignments, and
 * with {@code ix_assignment_expiry (state, expires_at)} PostgreSQL counted a batch's annotators' leases by reading
 * every lease of the table (hundreds of rows per lookup, the largest part of leasing the next images under load).
 * The partial index {@code ix_assignment_leased (campaign_id, annotator, expires_at) WHERE state = 'LEASED'} holds
 * only the leases and replaces it: it finds an annotator's leases directly, and the reaping of expired leases reads
 * it whole, which is small (the leases, and until a vacuum the entries of leases since submitted) (a separate partial index on {@code expires_at} alone was what the planner then
 * preferred for the annotators' leases, reading them all again). A submitted assignment no longer adds an entry to
 * it, and {@code ix_assignment_judgment} now holds only assignments that have a judgment. {@code
 * ix_campaign_image_extra} holds the queue rows a curator asked more judgments for, which a lease reads after the
 * rows below the overlap. H2 has no partial indexes and keeps its indexes as they are (hence a Java migration: the
 * SQL differs by database).
 */
public class V13__Leased_assignment_indexes extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) return;
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("CREATE INDEX ix_assignment_leased ON assignment (campaign_id, annotator, expires_at) "
                    + "WHERE state = 'LEASED'");
            st.execute("DROP INDEX ix_assignment_expiry");
            st.execute("DROP INDEX ix_assignment_judgment");
            st.execute("CREATE INDEX ix_assignment_judgment ON assignment (judgment_id) WHERE judgment_id IS NOT NULL");
            // the queue rows that have room only because a curator asked for more judgments (AssignmentService.ROOM)
            st.execute("CREATE INDEX ix_campaign_image_extra ON campaign_image (campaign_id, judgments_done, sort_key) "
                    + "WHERE extra_wanted > 0 AND gold = FALSE");
        }
    }
}
