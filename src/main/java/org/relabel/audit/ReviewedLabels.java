package org.relabel.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.relabel.audit.domain.ImageLabels;
import org.relabel.audit.domain.ReviewStatus;
import org.relabel.consensus.ConsensusQueries.LabelStats;

/**
 * The labels that count: per image, the stored consensus with the image's current review decision
 * applied (the one no later revision supersedes). Metrics, findings' status and releases read
 * images through this one service.
 * <ul>
 *   <li>no decision ({@link ReviewStatus#UNREVIEWED}): the consensus as stored;</li>
 *   <li>{@link ReviewStatus#ACCEPTED_CONSENSUS}: the consensus labels the curator accepted (the decision's
 *       "after" labels, so a later re-aggregation never silently changes a reviewed image; the image is then
 *       marked {@link Effective#consensusChanged()});</li>
 *   <li>{@link ReviewStatus#KEPT_ORIGINAL}: {original} as the valid set and the main label;</li>
 *   <li>{@link ReviewStatus#SET_BY_HAND}: the curator's labels;</li>
 *   <li>{@link ReviewStatus#AMBIGUOUS}, {@link ReviewStatus#EXCLUDED}: the consensus as stored, with the status
 *       that leaves the image out of the metrics;</li>
 *   <li>{@link ReviewStatus#MORE_JUDGMENTS_REQUESTED}: the consensus as stored (it changes when the new
 *       judgments are aggregated), flagged.</li>
 * </ul>
 * {@link #forEach} streams a dataset in image-key order with constant memory (a server-side cursor
 * inside a transaction), for releases of any size.
 */
@ApplicationScoped
public class ReviewedLabels {
    private static final TypeReference<Map<String, LabelStats>> LABELS = new TypeReference<>() {
    };

    /** Selects images with their consensus and current decision; the WHERE clause is appended. */
    static final String SELECT = "SELECT i.id, i.image_key, oc.class_key, ic.valid_labels, mc.class_key, ic.objects, "
            + "ic.judgments, ic.labels, ic.confidence, ic.method, ic.computed_at, "
            + "r.id, r.revision, r.decision, r.after_valid, r.after_main, r.decided_at, r.curator "
            + "FROM image i JOIN dataset_class oc ON oc.id = i.original_class_id "
            + "LEFT JOIN image_consensus ic ON ic.image_id = i.id "
            + "LEFT JOIN dataset_class mc ON mc.id = ic.main_class_id "
            + "LEFT JOIN review_decision r ON r.image_id = i.id AND NOT EXISTS "
            + "(SELECT 1 FROM review_decision s WHERE s.image_id = r.image_id AND s.revision > r.revision) ";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;

    /** The stored consensus of an image. */
    public record Consensus(List<String> valid, String main, int objects, int judgments,
                            Map<String, LabelStats> labels, Double confidence, String method, Instant computedAt) {
    }

    /** The current (not superseded) review decision of an image. */
    public record CurrentDecision(long id, int revision, ReviewStatus decision, Set<String> afterValid,
                                  String afterMain, Instant decidedAt, String curator) {
    }

    /**
     * One image with its effective labels.
     *
     * @param valid  effective valid label set, {@code null} when there is no consensus and no decision setting labels
     * @param main   effective main label, or {@code null}
     * @param status the review status ({@link ReviewStatus#UNREVIEWED} without a decision)
     */
    public record Effective(long imageId, String image, String originalLabel, Consensus consensus,
                            CurrentDecision decision, ReviewStatus status, Set<String> valid, String main) {

        /** Whether the metrics leave the image out (ambiguous or excluded by a curator). */
        public boolean excludedFromMetrics() {
            return status.excludedFromAudit();
        }

        /** Whether a curator asked for more judgments and the image waits for them. */
        public boolean flagged() {
            return status == ReviewStatus.MORE_JUDGMENTS_REQUESTED;
        }

        /** Whether the accepted consensus differs from the consensus stored now (it was re-aggregated since). */
        public boolean consensusChanged() {
            return status == ReviewStatus.ACCEPTED_CONSENSUS && (consensus == null
                    || !new LinkedHashSet<>(consensus.valid()).equals(valid)
                    || !Objects.equals(consensus.main(), main));
        }

        /** The number of objects: the size of the effective valid set, or {@code null} without one. */
        public Integer objects() {
            return valid == null ? null : valid.size();
        }

        /** The audit domain's view of this image, with the effective labels and the people's SFs. */
        public ImageLabels toImageLabels() {
            Map<String, Double> sf = new LinkedHashMap<>();
            Map<String, Double> shares = new LinkedHashMap<>();
            int judgments = 0;
            if (consensus != null) {
                consensus.labels().forEach((label, s) -> {
                    if (s.shown() > 0) sf.put(label, clampUnit(s.sf()));
                    if (s.main() != null && s.main() > 0) shares.put(label, clampUnit(s.main()));
                });
                judgments = consensus.judgments();
            }
            return new ImageLabels(image, originalLabel, null, valid, main, objects(), sf, shares, judgments, status);
        }

        /** The raw consensus (no decision applied) as the finding rules read it. */
        public ImageLabels toConsensusLabels() {
            ImageLabels labels = toImageLabels().withStatus(ReviewStatus.UNREVIEWED);
            return consensus == null ? labels.withConsensus(null, null, null)
                    : labels.withConsensus(new LinkedHashSet<>(consensus.valid()), consensus.main(), consensus.objects());
        }
    }

    private static double clampUnit(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    /**
     * Calls {@code callback} for every image of the dataset in image-key order, streaming (constant
     * memory: a cursor of {@code fetchSize} rows inside one read transaction).
     */
    public void forEach(long datasetId, Consumer<Effective> callback) {
        QuarkusTransaction.joiningExisting().timeout(3600).run(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(SELECT + "WHERE i.dataset_id = ? ORDER BY i.image_key")) {
                ps.setLong(1, datasetId);
                ps.setFetchSize(2000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        callback.accept(read(rs));
                    }
                }
            } catch (SQLException | JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** All images of a dataset (for small datasets and tests; prefer {@link #forEach}). */
    public List<Effective> all(long datasetId) {
        List<Effective> out = new ArrayList<>();
        forEach(datasetId, out::add);
        return out;
    }

    /** One image by id, or {@code null} when it is not in the dataset. */
    public Effective one(long datasetId, long imageId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(SELECT + "WHERE i.dataset_id = ? AND i.id = ?")) {
                ps.setLong(1, datasetId);
                ps.setLong(2, imageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? read(rs) : null;
                }
            }
        });
    }

    private Effective read(ResultSet rs) throws SQLException, JsonProcessingException {
        long imageId = rs.getLong(1);
        String image = rs.getString(2);
        String original = rs.getString(3);
        String validText = rs.getString(4);
        Consensus consensus = null;
        if (validText != null) {
            double conf = rs.getDouble(9);
            Double confidence = rs.wasNull() ? null : conf;
            Timestamp at = rs.getTimestamp(11);
            consensus = new Consensus(LabelSets.list(validText), rs.getString(5), rs.getInt(6), rs.getInt(7),
                    Collections.unmodifiableMap(mapper.readValue(rs.getString(8), LABELS)), confidence,
                    rs.getString(10), at == null ? null : at.toInstant());
        }
        long decisionId = rs.getLong(12);
        CurrentDecision decision = null;
        if (!rs.wasNull()) {
            String after = rs.getString(15);
            Timestamp at = rs.getTimestamp(17);
            decision = new CurrentDecision(decisionId, rs.getInt(13), ReviewStatus.valueOf(rs.getString(14)),
                    after == null ? null : LabelSets.set(after), rs.getString(16), at == null ? null : at.toInstant(),
                    rs.getString(18));
        }
        return effective(imageId, image, original, consensus, decision);
    }

    /** Applies {@code decision} (may be {@code null}) over {@code consensus} (may be {@code null}). */
    static Effective effective(long imageId, String image, String original, Consensus consensus,
                               CurrentDecision decision) {
        Set<String> valid = consensus == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(consensus.valid()));
        String main = consensus == null ? null : consensus.main();
        ReviewStatus status = decision == null ? ReviewStatus.UNREVIEWED : decision.decision();
        switch (status) {
            case ACCEPTED_CONSENSUS, KEPT_ORIGINAL, SET_BY_HAND -> {
                valid = decision.afterValid();
                main = decision.afterMain();
            }
            default -> {
                // the consensus as stored
            }
        }
        return new Effective(imageId, image, original, consensus, decision, status, valid, main);
    }
}
