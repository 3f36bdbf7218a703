package org.relabel.dataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Key-to-id maps of a dataset's classes and images, loaded once per import so that validating
 * a row is a hash lookup. 50,000 images take a few megabytes.
 */
public final class DatasetIndex {
    private final Map<String, Long> classes = new HashMap<>();
    private final Map<Long, String> classKeys = new HashMap<>();
    private final Map<String, Long> images = new HashMap<>();

    private DatasetIndex() {
    }

    /** Loads the classes and (when {@code withImages}) the images of a dataset. */
    public static DatasetIndex load(Connection c, long datasetId, boolean withImages) throws SQLException {
        DatasetIndex index = new DatasetIndex();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, class_key FROM dataset_class WHERE dataset_id = ?")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    index.classes.put(rs.getString(2), rs.getLong(1));
                    index.classKeys.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        if (withImages) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, image_key FROM image WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                ps.setFetchSize(2000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) index.images.put(rs.getString(2), rs.getLong(1));
                }
            }
        }
        return index;
    }

    /** The id of a class key, or null. */
    public Long classId(String key) {
        return classes.get(key);
    }

    /** The key of a class id, or null. */
    public String classKey(long id) {
        return classKeys.get(id);
    }

    /** The id of an image key, or null. */
    public Long imageId(String key) {
        return images.get(key);
    }

    public Map<String, Long> images() {
        return images;
    }
}
