package org.relabel.annotation;

import static org.relabel.testing.TestUsers.as;

import java.awt.Color;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.relabel.testing.TestUsers;
import org.relabel.testing.Zips;

/**
 * A dataset for campaign tests: classes {@code c0..c(n-1)} named "Class i", images with pixels
 * ({@code img-000.png}, ...; image i has original label {@code c(i % classes)}), and two imported
 * models whose predictions are inserted with plain JDBC (the scoring feature is built elsewhere):
 * model {@code m1} ranks the original label first, then the two next classes; model {@code m2}
 * ranks the class after the original first, then the original, then the class after that.
 */
public final class CampaignFixture {
    public final String dataset;
    public final long datasetId;
    public final Map<String, Long> classIds = new LinkedHashMap<>();
    public final Map<String, Long> imageIds = new LinkedHashMap<>();
    public final Map<String, String> originalOf = new LinkedHashMap<>();
    public final Map<String, Long> modelIds = new LinkedHashMap<>();
    private final int classes;

    private CampaignFixture(String dataset, long datasetId, int classes) {
        this.dataset = dataset;
        this.datasetId = datasetId;
        this.classes = classes;
    }

    /** Creates the dataset through the API and the models and predictions through JDBC. */
    public static CampaignFixture create(DataSource db, int images, int classes) {
        String key = "camp-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType("application/json").body("{\"name\":\"Campaign test set\"}")
                .put("/api/datasets/" + key).then().statusCode(201);
        TestUsers.members(key);
        StringBuilder csv = new StringBuilder("key,name,description\n");
        for (int c = 0; c < classes; c++) csv.append("c").append(c).append(",Class ").append(c).append(",Description of class ").append(c).append('\n');
        as("researcher").contentType("text/csv").body(csv.toString()).post("/api/datasets/" + key + "/classes").then().statusCode(200);
        Zips zip = new Zips();
        for (int i = 0; i < images; i++) {
            zip.add(String.format("c%d/img-%03d.png", i % classes, i), Zips.png(new Color((i * 37) % 256, (i * 91) % 256, (i * 53) % 256), 12));
        }
        as("researcher").contentType("application/zip").body(zip.bytes()).post("/api/datasets/" + key + "/images")
                .then().statusCode(200);
        try (Connection c = db.getConnection()) {
            long datasetId = one(c, "SELECT id FROM dataset WHERE dataset_key = ?", key);
            CampaignFixture f = new CampaignFixture(key, datasetId, classes);
            try (PreparedStatement ps = c.prepareStatement("SELECT id, class_key FROM dataset_class WHERE dataset_id = ? ORDER BY id")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) f.classIds.put(rs.getString(2), rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.image_key, c.class_key FROM image i "
                    + "JOIN dataset_class c ON c.id = i.original_class_id WHERE i.dataset_id = ? ORDER BY i.image_key")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        f.imageIds.put(rs.getString(2), rs.getLong(1));
                        f.originalOf.put(rs.getString(2), rs.getString(3));
                    }
                }
            }
            for (String m : List.of("m1", "m2")) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO model (dataset_id, name, format, top_k, created_at) "
                        + "VALUES (?, ?, 'IMPORTED', 3, ?)", new String[]{"id"})) {
                    ps.setLong(1, datasetId);
                    ps.setString(2, m);
                    ps.setObject(3, OffsetDateTime.now());
                    ps.executeUpdate();
                    try (ResultSet k = ps.getGeneratedKeys()) {
                        k.next();
                        f.modelIds.put(m, k.getLong(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO prediction (model_id, image_id, label_rank, class_id, probability) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, Long> image : f.imageIds.entrySet()) {
                    List<List<String>> ranked = List.of(f.topOfM1(image.getKey()), f.topOfM2(image.getKey()));
                    for (int m = 0; m < 2; m++) {
                        for (int r = 0; r < 3; r++) {
                            ps.setLong(1, f.modelIds.get(m == 0 ? "m1" : "m2"));
                            ps.setLong(2, image.getValue());
                            ps.setShort(3, (short) (r + 1));
                            ps.setLong(4, f.classIds.get(ranked.get(m).get(r)));
                            ps.setDouble(5, 0.6 / (r + 1));
                            ps.addBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
            return f;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Model m1's top-3 of an image. */
    public List<String> topOfM1(String image) {
        int o = Integer.parseInt(originalOf.get(image).substring(1));
        return List.of(cls(o), cls(o + 1), cls(o + 2));
    }

    /** Model m2's top-3 of an image. */
    public List<String> topOfM2(String image) {
        int o = Integer.parseInt(originalOf.get(image).substring(1));
        return List.of(cls(o + 1), cls(o), cls(o + 3));
    }

    public String image(int i) {
        return String.format("c%d/img-%03d.png", i % classes, i);
    }

    public List<String> images() {
        return new ArrayList<>(imageIds.keySet());
    }

    private String cls(int i) {
        return "c" + (i % classes);
    }

    private static long one(Connection c, String sql, String param) throws SQLException {
        return Long.parseLong(value(c, sql, param));
    }

    /** Creates a campaign of this dataset with these settings (JSON, as the curator) and opens it; returns its id. */
    public long openCampaign(String settings) {
        long id = as("curator").contentType("application/json").body(settings).post("/api/datasets/" + dataset + "/campaigns")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as("curator").post("/api/datasets/" + dataset + "/campaigns/" + id + "/open").then().statusCode(200);
        return id;
    }

    /** The first column of the first row of a query, as a number (tests' checks of what was stored). */
    /**
     * The (annotator, quarter hour) pairs of a campaign where the {@code annotator_progress} counters and the stored
     * judgments disagree (counters of zero count as missing rows); 0 when they match.
     */
    public static long progressMismatches(DataSource db, long campaign) throws SQLException {
        try (Connection c = db.getConnection()) {
            return progressMismatches(c, campaign);
        }
    }

    /** {@link #progressMismatches(DataSource, long)} on a connection. */
    public static long progressMismatches(Connection c, long campaign) throws SQLException {
        String judgments = "SELECT annotator, CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 900) AS BIGINT), COUNT(*) FROM judgment "
                + "WHERE campaign_id = ? GROUP BY annotator, CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 900) AS BIGINT)";
        String counters = "SELECT annotator, quarter_hour, CAST(judgments AS BIGINT) FROM annotator_progress "
                + "WHERE campaign_id = ? AND judgments <> 0";
        return Long.parseLong(value(c, "SELECT COUNT(*) FROM (" + judgments + " EXCEPT " + counters + ") d", campaign, campaign))
                + Long.parseLong(value(c, "SELECT COUNT(*) FROM (" + counters + " EXCEPT " + judgments + ") d", campaign, campaign));
    }

    public static long scalar(DataSource db, String sql, Object... params) throws SQLException {
        return Long.parseLong(text(db, sql, params));
    }

    /** The first column of the first row of a query, as text. */
    public static String text(DataSource db, String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection()) {
            return value(c, sql, params);
        }
    }

    private static String value(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("no row: " + sql);
                return rs.getString(1);
            }
        }
    }
}
