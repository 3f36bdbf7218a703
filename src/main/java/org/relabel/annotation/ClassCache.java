package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dataset's classes by id, kept in memory for a minute: the next-image and submit paths turn
 * candidate ids into keys, names and descriptions without a query each time.
 */
@ApplicationScoped
public class ClassCache {
    private static final long TTL_NANOS = 60_000_000_000L;

    /** One class as candidates show it. */
    public record Info(long id, String key, String name, String description) {
    }

    private record Entry(long loadedAt, Map<Long, Info> byId) {
    }

    @Inject
    AgroalDataSource dataSource;

    private final Map<Long, Entry> cache = new ConcurrentHashMap<>();

    /** The class, reloading the dataset's classes when the id is unknown or the copy is old. */
    public Info get(long datasetId, long classId) {
        Entry e = cache.get(datasetId);
        if (e == null || System.nanoTime() - e.loadedAt() > TTL_NANOS || !e.byId().containsKey(classId)) {
            e = load(datasetId);
        }
        Info info = e.byId().get(classId);
        if (info == null) throw new IllegalStateException("class " + classId + " is not in dataset " + datasetId);
        return info;
    }

    public List<Info> all(long datasetId, List<Long> classIds) {
        return classIds.stream().map(id -> get(datasetId, id)).toList();
    }

    private Entry load(long datasetId) {
        Map<Long, Info> byId = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (Info i : Sql.list(c, "SELECT id, class_key, name, description FROM dataset_class WHERE dataset_id = ?",
                    rs -> new Info(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), datasetId)) {
                byId.put(i.id(), i);
            }
        } catch (SQLException e) {
            throw new Sql.DataException(e);
        }
        Entry e = new Entry(System.nanoTime(), Map.copyOf(byId));
        cache.put(datasetId, e);
        return e;
    }
}
