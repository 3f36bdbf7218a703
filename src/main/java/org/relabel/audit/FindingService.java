package org.relabel.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.relabel.audit.domain.Finding;
import org.relabel.audit.domain.FindingKind;
import org.relabel.audit.domain.FindingRules;
import org.relabel.audit.domain.ModelPredictions;
import org.relabel.audit.domain.ReviewStatus;
import org.relabel.consensus.ConsensusUpdated;
import org.relabel.dataset.DatasetCounter;
import org.relabel.web.ProblemException;

/**
 * Findings: flagged images computed with {@link FindingRules} from the stored consensus and the models'
 * top-1 predictions, stored in the {@code finding} table. Recomputed after every aggregation (observes
 * {@link ConsensusUpdated}) and on demand. A finding is {@code open} until a curator decides on its image;
 * a recomputation keeps findings of reviewed images {@code resolved}, except where the curator asked for
 * more judgments and a newer consensus has arrived since.
 */
@ApplicationScoped
public class FindingService implements DatasetCounter {
    private static final Logger LOG = Logger.getLogger(FindingService.class);

    /** Finding status: waiting for a curator. */
    public static final String OPEN = "open";
    /** Finding status: a curator decided on the image. */
    public static final String RESOLVED = "resolved";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ReviewedLabels reviewed;
    @Inject
    Predictions predictions;
    @Inject
    AuditConfig config;

    /** A stored finding. */
    public record FindingView(long id, String image, FindingKind kind, double score, String reason, String status,
                              OffsetDateTime computedAt) {
    }

    /** A keyset page of findings; pass {@code next} as {@code after}. */
    public record Page(List<FindingView> findings, String next) {
    }

    /** What a recomputation stored. */
    public record Summary(long images, long findings, long open, Map<FindingKind, Long> byKind) {
    }

    void onConsensusUpdated(@Observes ConsensusUpdated event) {
        Summary s = recompute(event.datasetId());
        LOG.infof("findings of dataset %d recomputed: %d findings, %d open", event.datasetId(), s.findings(), s.open());
    }

    /** Replaces the dataset's findings with those of its stored consensus; one transaction. */
    public Summary recompute(long datasetId) {
        FindingRules rules = new FindingRules(config.findings().params());
        List<ModelPredictions> models = predictions.load(datasetId, 1);
        Timestamp now = Timestamp.from(Instant.now());
        return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
            long[] counts = new long[3];
            Map<FindingKind, Long> byKind = new EnumMap<>(FindingKind.class);
            for (FindingKind k : FindingKind.values()) byKind.put(k, 0L);
            try (Connection c = dataSource.getConnection()) {
                // one replacement of a dataset's findings at a time, across threads and instances: lock the dataset row
                try (PreparedStatement lock = c.prepareStatement("SELECT id FROM dataset WHERE id = ? FOR UPDATE")) {
                    lock.setLong(1, datasetId);
                    lock.executeQuery().close();
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM finding WHERE dataset_id = ?")) {
                    del.setLong(1, datasetId);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO finding (dataset_id, image_id, kind, score, "
                        + "reason, status, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    reviewed.forEach(datasetId, e -> {
                        counts[0]++;
                        if (e.consensus() == null) return;
                        String status = statusAfterRecompute(e);
                        try {
                            for (Finding f : rules.findings(e.toConsensusLabels(), models)) {
                                ins.setLong(1, datasetId);
                                ins.setLong(2, e.imageId());
                                ins.setString(3, f.kind().name());
                                ins.setDouble(4, f.score());
                                ins.setString(5, f.reason().length() > 4000 ? f.reason().substring(0, 3997) + "..." : f.reason());
                                ins.setString(6, status);
                                ins.setTimestamp(7, now);
                                ins.addBatch();
                                counts[1]++;
                                if (OPEN.equals(status)) counts[2]++;
                                byKind.merge(f.kind(), 1L, Long::sum);
                                if (counts[1] % 1000 == 0) ins.executeBatch();
                            }
                        } catch (SQLException ex) {
                            throw new IllegalStateException(ex);
                        }
                    });
                    ins.executeBatch();
                }
            }
            return new Summary(counts[0], counts[1], counts[2], byKind);
        });
    }

    /**
     * Open without a decision, and when the curator asked for more judgments and the consensus is newer than
     * that request; resolved otherwise.
     */
    static String statusAfterRecompute(ReviewedLabels.Effective e) {
        if (e.decision() == null) return OPEN;
        if (e.decision().decision() == ReviewStatus.MORE_JUDGMENTS_REQUESTED && e.consensus() != null
                && e.consensus().computedAt() != null && e.decision().decidedAt() != null
                && e.consensus().computedAt().isAfter(e.decision().decidedAt())) {
            return OPEN;
        }
        return RESOLVED;
    }

    /** Marks every open finding of an image resolved (called inside the decision's transaction). */
    void resolveImage(Connection c, long imageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE finding SET status = ? WHERE image_id = ? AND status = ?")) {
            ps.setString(1, RESOLVED);
            ps.setLong(2, imageId);
            ps.setString(3, OPEN);
            ps.executeUpdate();
        }
    }

    /** Parses a kind filter (enum name, case-insensitive); {@code null} or blank = all kinds. */
    public static FindingKind kind(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return FindingKind.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown finding kind '" + text + "'; use one of "
                    + java.util.Arrays.toString(FindingKind.values()));
        }
    }

    /** Parses a status filter: open, resolved, or all ({@code null}). */
    public static String status(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("all")) return null;
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (!s.equals(OPEN) && !s.equals(RESOLVED)) {
            throw ProblemException.badRequest("unknown finding status '" + text + "'; use open, resolved or all");
        }
        return s;
    }

    /** A position in the queue order (score descending, then id ascending). */
    public record Cursor(double score, long id) {
        public static Cursor parse(String text) {
            if (text == null || text.isBlank()) return null;
            int sep = text.lastIndexOf('_');
            try {
                if (sep <= 0) throw new NumberFormatException();
                return new Cursor(Double.parseDouble(text.substring(0, sep)), Long.parseLong(text.substring(sep + 1)));
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("malformed cursor 'after': " + text);
            }
        }

        public static Cursor of(FindingView f) {
            return new Cursor(f.score(), f.id());
        }

        @Override
        public String toString() {
            return score + "_" + id;
        }
    }

    /**
     * Findings in queue order (highest score first, then oldest id), filtered by kind and status (each
     * {@code null} = all), after {@code after}. With {@code backwards}, the findings before {@code after},
     * nearest first.
     */
    public Page page(long datasetId, FindingKind kind, String status, Cursor after, int limit, boolean backwards) {
        StringBuilder sql = new StringBuilder("SELECT f.id, i.image_key, f.kind, f.score, f.reason, f.status, f.computed_at "
                + "FROM finding f JOIN image i ON i.id = f.image_id WHERE f.dataset_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(datasetId);
        if (kind != null) {
            sql.append(" AND f.kind = ?");
            args.add(kind.name());
        }
        if (status != null) {
            sql.append(" AND f.status = ?");
            args.add(status);
        }
        if (after != null) {
            sql.append(backwards ? " AND (f.score > ? OR (f.score = ? AND f.id < ?))"
                    : " AND (f.score < ? OR (f.score = ? AND f.id > ?))");
            args.add(after.score());
            args.add(after.score());
            args.add(after.id());
        }
        sql.append(backwards ? " ORDER BY f.score ASC, f.id DESC" : " ORDER BY f.score DESC, f.id ASC");
        List<FindingView> out = query(sql.toString(), args, limit);
        return new Page(out, out.size() == limit ? Cursor.of(out.get(out.size() - 1)).toString() : null);
    }

    /** One finding of the dataset, or a 404 problem. */
    public FindingView require(long datasetId, long id) {
        List<FindingView> found = query("SELECT f.id, i.image_key, f.kind, f.score, f.reason, f.status, f.computed_at "
                + "FROM finding f JOIN image i ON i.id = f.image_id WHERE f.dataset_id = ? AND f.id = ?", List.of(datasetId, id), 1);
        if (found.isEmpty()) throw ProblemException.notFound("Finding " + id);
        return found.get(0);
    }

    /** Every finding of one image (all statuses), highest score first. */
    public List<FindingView> ofImage(long imageId) {
        return query("SELECT f.id, i.image_key, f.kind, f.score, f.reason, f.status, f.computed_at "
                + "FROM finding f JOIN image i ON i.id = f.image_id WHERE f.image_id = ? ORDER BY f.score DESC, f.id",
                List.of(imageId), 100);
    }

    /** The image id of a finding. */
    public long imageId(long findingId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT image_id FROM finding WHERE id = ?")) {
            ps.setLong(1, findingId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw ProblemException.notFound("Finding " + findingId);
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Open findings per kind (all kinds listed, in enum order). */
    public Map<FindingKind, Long> openByKind(long datasetId) {
        Map<FindingKind, Long> out = new LinkedHashMap<>();
        for (FindingKind k : FindingKind.values()) out.put(k, 0L);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT kind, COUNT(*) FROM finding WHERE dataset_id = ? AND status = ? GROUP BY kind")) {
            ps.setLong(1, datasetId);
            ps.setString(2, OPEN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(FindingKind.valueOf(rs.getString(1)), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public Map<String, Long> counts(long datasetId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            counts.put("findings", count(c, "SELECT COUNT(*) FROM finding WHERE dataset_id = ?", datasetId));
            counts.put("openFindings", count(c, "SELECT COUNT(*) FROM finding WHERE dataset_id = ? AND status = 'open'", datasetId));
            counts.put("reviews", count(c, "SELECT COUNT(*) FROM review_decision WHERE dataset_id = ?", datasetId));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    private static long count(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<FindingView> query(String sql, List<Object> args, int limit) {
        List<FindingView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(7);
                    out.add(new FindingView(rs.getLong(1), rs.getString(2), FindingKind.valueOf(rs.getString(3)),
                            rs.getDouble(4), rs.getString(5), rs.getString(6),
                            at == null ? null : at.toInstant().atOffset(ZoneOffset.UTC)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
