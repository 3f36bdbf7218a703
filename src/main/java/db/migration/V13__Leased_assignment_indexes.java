package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Indexes of the leases alone, on PostgreSQL: a campaign holds hundreds of leases among millions of assignments, and
 * with {@code ix_assignment_expiry (state, expires_at)} PostgreSQL counted an annotator's leases by reading every
 * lease of the table (hundreds of rows per lookup, the largest part of leasing the next image under load). Partial
 * indexes ({@code WHERE state = 'LEASED'}) hold only the leases: one for an annotator's leases, one for the reaping
 * of expired ones, which replaces {@code ix_assignment_expiry}; a submitted assignment no longer adds an entry to
 * either. {@code ix_assignment_judgment} now holds only assignments that have a judgment. H2 has no partial
 * indexes and keeps its indexes as they are (a Java migration, since the SQL differs by database).
 */
public class V13__Leased_assignment_indexes extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) return;
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("CREATE INDEX ix_assignment_leased ON assignment (campaign_id, annotator, expires_at) "
                    + "WHERE state = 'LEASED'");
            st.execute("CREATE INDEX ix_assignment_expiring ON assignment (expires_at) WHERE state = 'LEASED'");
            st.execute("DROP INDEX ix_assignment_expiry");
            st.execute("DROP INDEX ix_assignment_judgment");
            st.execute("CREATE INDEX ix_assignment_judgment ON assignment (judgment_id) WHERE judgment_id IS NOT NULL");
        }
    }
}
