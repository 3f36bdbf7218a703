package org.relabel.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps computed metrics until the data behind them changes. Metrics read every image's reviewed labels
 * and every model's predictions (about a second for 50,000 images and 5 models), while the dashboard and
 * scripts ask for them far more often than the data changes.
 *
 * <p>An entry is valid while the dataset's <em>data version</em> is unchanged: the newest job of the dataset
 * and when it last moved (every upload, prediction import, scoring run and aggregation is a job), the newest
 * review decision, and the models registered. The version is read from the database on every request
 * (two indexed queries), so the cache is right across several instances sharing one database and never
 * serves metrics older than the data; it only saves the computation.
 */
@ApplicationScoped
public class MetricsCache {
    /** Most entries kept (datasets x model filters); the oldest are dropped beyond it. */
    static final int MAX_ENTRIES = 64;

    @Inject
    AgroalDataSource dataSource;

    private record Key(long datasetId, String model, String release) {
    }

    private record Entry(String version, Object value, long usedAt) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** The cached value for this dataset, model filter and release, or a fresh one from {@code compute}. */
    @SuppressWarnings("unchecked")
    public <T> T get(long datasetId, String model, String release, Supplier<T> compute) {
        Key key = new Key(datasetId, model == null || model.isBlank() ? null : model, release);
        String version = version(datasetId);
        Entry e = entries.get(key);
        if (e != null && e.version().equals(version)) {
            entries.put(key, new Entry(version, e.value(), System.nanoTime()));
            return (T) e.value();
        }
        T value = compute.get();
        if (entries.size() >= MAX_ENTRIES) evictOldest();
        entries.put(key, new Entry(version, value, System.nanoTime()));
        return value;
    }

    private void evictOldest() {
        entries.entrySet().stream().min((a, b) -> Long.compare(a.getValue().usedAt(), b.getValue().usedAt()))
                .ifPresent(oldest -> entries.remove(oldest.getKey()));
    }

    /** The dataset's data version (see the class comment). */
    String version(long datasetId) {
        try (Connection c = dataSource.getConnection()) {
            StringBuilder v = new StringBuilder();
            append(c, v, "SELECT COUNT(*), MAX(created_at), MAX(COALESCE(finished_at, heartbeat_at, started_at)) "
                    + "FROM job WHERE dataset_id = ?", datasetId);
            append(c, v, "SELECT MAX(id) FROM review_decision WHERE dataset_id = ?", datasetId);
            append(c, v, "SELECT COUNT(*), MAX(id) FROM model WHERE dataset_id = ?", datasetId);
            return v.toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(Connection c, StringBuilder v, String sql, long datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) v.append(Objects.toString(rs.getObject(i))).append('|');
            }
        }
    }
}
