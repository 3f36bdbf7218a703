package org.relabel.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.relabel.audit.domain.FindingKind;
import org.relabel.audit.domain.ReviewStatus;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetQueries;
import org.relabel.dataset.Image;
import org.relabel.web.ProblemException;

/**
 * Curators' review decisions: an append-only audit log. Every decision stores curator, time, reason
 * and the effective labels before and after; revising is a new row that supersedes the current one
 * (and must name it, so nobody overwrites a decision they have not seen), never an update in place.
 */
@ApplicationScoped
public class ReviewService {
    private static final String SELECT = "SELECT r.id, i.image_key, r.revision, r.supersedes, r.curator, r.decided_at, "
            + "r.decision, r.reason, r.finding_kind, r.before_valid, r.before_main, r.after_valid, r.after_main, "
            + "(SELECT COUNT(*) FROM review_decision s WHERE s.image_id = r.image_id AND s.revision > r.revision) "
            + "FROM review_decision r JOIN image i ON i.id = r.image_id ";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ReviewedLabels reviewed;
    @Inject
    FindingService findings;
    @Inject
    Event<MoreJudgmentsRequested> moreJudgments;

    /**
     * A decision request.
     *
     * @param decision   what the curator decided (a {@link ReviewStatus} name other than UNREVIEWED)
     * @param reason     free text, optional
     * @param valid      SET_BY_HAND: the valid labels (class keys; may be empty)
     * @param main       SET_BY_HAND: the main label, one of {@code valid}; default the first of {@code valid}
     * @param supersedes the id of the image's current decision when revising it (required then)
     * @param finding    the finding kind that prompted the decision, optional (for the log)
     */
    public record Request(String decision, String reason, List<String> valid, String main, Long supersedes,
                          String finding) {
    }

    /** Labels of an image at one point: valid set ({@code null}: no consensus) and main label. */
    public record Labels(List<String> valid, String main) {
    }

    /** One entry of the audit log. */
    public record DecisionView(long id, String image, int revision, Long supersedes, boolean current, String curator,
                               OffsetDateTime decidedAt, ReviewStatus decision, String reason, FindingKind finding,
                               Labels before, Labels after) {
    }

    /** A keyset page of the audit log, newest first; pass {@code next} as {@code after}. */
    public record Page(List<DecisionView> reviews, Long next) {
    }

    /** Stores a decision on one image; returns it. */
    public DecisionView decide(Dataset ds, String imageKey, Request request, String curator) {
        Image image = QuarkusTransaction.joiningExisting().call(() -> Image.<Image>find("datasetId = ?1 and key = ?2",
                ds.id, imageKey).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Image '" + imageKey + "'")));
        return decide(ds.id, image.id, request, curator);
    }

    /** Stores a decision on one image (by id); returns it. */
    public DecisionView decide(long datasetId, long imageId, Request request, String curator) {
        if (request == null || request.decision() == null || request.decision().isBlank()) {
            throw ProblemException.badRequest("decision is required: one of " + Arrays.toString(decisions()));
        }
        ReviewStatus decision = decision(request.decision());
        String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
        if (reason != null && reason.length() > 4000) throw ProblemException.badRequest("reason is longer than 4000 characters");
        FindingKind findingKind = request.finding() == null || request.finding().isBlank() ? null
                : FindingService.kind(request.finding());
        long id = QuarkusTransaction.requiringNew().call(() -> {
            ReviewedLabels.Effective before = reviewed.one(datasetId, imageId);
            if (before == null) throw ProblemException.notFound("Image " + imageId);
            ReviewedLabels.CurrentDecision current = before.decision();
            if (current != null && !Long.valueOf(current.id()).equals(request.supersedes())) {
                throw ProblemException.conflict("image '" + before.image() + "' already has decision " + current.id()
                        + " (" + current.decision() + " by " + current.curator() + "); to revise it, send \"supersedes\": "
                        + current.id());
            }
            if (current == null && request.supersedes() != null) {
                throw ProblemException.conflict("image '" + before.image() + "' has no decision to supersede");
            }
            Labels after = after(decision, before, request);
            try (Connection c = dataSource.getConnection()) {
                long newId = insert(c, datasetId, imageId, current, curator, decision, reason, findingKind,
                        new Labels(before.valid() == null ? null : List.copyOf(before.valid()), before.main()), after);
                findings.resolveImage(c, imageId);
                return newId;
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    throw ProblemException.conflict("another decision on image '" + before.image()
                            + "' was stored at the same time; reload and decide again");
                }
                throw new IllegalStateException(e);
            }
        });
        if (decision == ReviewStatus.MORE_JUDGMENTS_REQUESTED) {
            moreJudgments.fire(new MoreJudgmentsRequested(datasetId, imageId));
        }
        return one(id);
    }

    /** The decisions a curator can take. */
    public static ReviewStatus[] decisions() {
        return Arrays.stream(ReviewStatus.values()).filter(s -> s != ReviewStatus.UNREVIEWED).toArray(ReviewStatus[]::new);
    }

    static ReviewStatus decision(String text) {
        try {
            ReviewStatus s = ReviewStatus.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            if (s != ReviewStatus.UNREVIEWED) return s;
        } catch (IllegalArgumentException e) {
            // below
        }
        throw ProblemException.badRequest("unknown decision '" + text + "'; use one of " + Arrays.toString(decisions()));
    }

    /** The labels after the decision. */
    private Labels after(ReviewStatus decision, ReviewedLabels.Effective before, Request request) {
        if (decision != ReviewStatus.SET_BY_HAND && (request.valid() != null || request.main() != null)) {
            throw ProblemException.badRequest("valid and main are only read with SET_BY_HAND");
        }
        ReviewedLabels.Consensus consensus = before.consensus();
        return switch (decision) {
            case ACCEPTED_CONSENSUS -> {
                if (consensus == null) {
                    throw ProblemException.conflict("image '" + before.image() + "' has no consensus to accept");
                }
                yield new Labels(List.copyOf(consensus.valid()), consensus.main());
            }
            case KEPT_ORIGINAL -> new Labels(List.of(before.originalLabel()), before.originalLabel());
            case SET_BY_HAND -> byHand(before, request);
            default -> new Labels(consensus == null ? null : List.copyOf(consensus.valid()),
                    consensus == null ? null : consensus.main());
        };
    }

    private Labels byHand(ReviewedLabels.Effective before, Request request) {
        if (request.valid() == null) throw ProblemException.badRequest("SET_BY_HAND needs \"valid\": the valid labels");
        Set<String> valid = new LinkedHashSet<>();
        for (String label : request.valid()) {
            if (label == null || label.isBlank()) continue;
            valid.add(label.strip());
        }
        List<String> unknown = unknownClasses(before.imageId(), valid);
        if (!unknown.isEmpty()) throw ProblemException.badRequest("unknown class keys " + unknown);
        String main = request.main() == null || request.main().isBlank() ? null : request.main().strip();
        if (main != null && !valid.contains(main)) {
            throw ProblemException.badRequest("main label '" + main + "' is not among the valid labels " + valid);
        }
        if (main == null && !valid.isEmpty()) main = valid.iterator().next();
        return new Labels(List.copyOf(valid), main);
    }

    private List<String> unknownClasses(long imageId, Set<String> keys) {
        List<String> unknown = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM dataset_class dc JOIN image i ON i.dataset_id = dc.dataset_id "
                        + "WHERE i.id = ? AND dc.class_key = ?")) {
            for (String k : keys) {
                ps.setLong(1, imageId);
                ps.setString(2, k);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) unknown.add(k);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return unknown;
    }

    private long insert(Connection c, long datasetId, long imageId, ReviewedLabels.CurrentDecision current,
                        String curator, ReviewStatus decision, String reason, FindingKind finding, Labels before,
                        Labels after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO review_decision (dataset_id, image_id, revision, "
                + "supersedes, curator, decided_at, decision, reason, finding_kind, before_valid, before_main, after_valid, "
                + "after_main) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setLong(1, datasetId);
            ps.setLong(2, imageId);
            ps.setInt(3, current == null ? 1 : current.revision() + 1);
            if (current == null) ps.setNull(4, Types.BIGINT); else ps.setLong(4, current.id());
            ps.setString(5, curator);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setString(7, decision.name());
            ps.setString(8, reason);
            ps.setString(9, finding == null ? null : finding.name());
            ps.setString(10, LabelSets.text(before.valid()));
            ps.setString(11, before.main());
            ps.setString(12, LabelSets.text(after.valid()));
            ps.setString(13, after.main());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().equals("23505") || s.getSQLState().equals("23001"))) {
                return true;
            }
        }
        return false;
    }

    /** One decision by id, or a 404 problem. */
    public DecisionView one(long id) {
        List<DecisionView> found = query(SELECT + "WHERE r.id = ?", List.of(id), 1);
        if (found.isEmpty()) throw ProblemException.notFound("Review decision " + id);
        return found.get(0);
    }

    /** The audit log of a dataset, newest first, optionally of one image; keyset-paged by id. */
    public Page log(long datasetId, String imageKey, Long after, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE r.dataset_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(datasetId);
        if (imageKey != null && !imageKey.isBlank()) {
            sql.append(" AND i.image_key = ?");
            args.add(imageKey);
        }
        if (after != null) {
            sql.append(" AND r.id < ?");
            args.add(after);
        }
        sql.append(" ORDER BY r.id DESC");
        List<DecisionView> out = query(sql.toString(), args, limit);
        return new Page(out, out.size() == limit ? out.get(out.size() - 1).id() : null);
    }

    /** Every decision on one image, newest first. */
    public List<DecisionView> history(long imageId) {
        return query(SELECT + "WHERE r.image_id = ? ORDER BY r.revision DESC", List.of(imageId), 1000);
    }

    private List<DecisionView> query(String sql, List<Object> args, int limit) {
        List<DecisionView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long sup = rs.getLong(4);
                    Long supersedes = rs.wasNull() ? null : sup;
                    String finding = rs.getString(9);
                    String beforeValid = rs.getString(10);
                    String afterValid = rs.getString(12);
                    out.add(new DecisionView(rs.getLong(1), rs.getString(2), rs.getInt(3), supersedes, rs.getLong(14) == 0,
                            rs.getString(5), rs.getTimestamp(6).toInstant().atOffset(ZoneOffset.UTC),
                            ReviewStatus.valueOf(rs.getString(7)), rs.getString(8),
                            finding == null ? null : FindingKind.valueOf(finding),
                            new Labels(beforeValid == null ? null : LabelSets.list(beforeValid), rs.getString(11)),
                            new Labels(afterValid == null ? null : LabelSets.list(afterValid), rs.getString(13))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The image detail section "review": effective labels, status and the image's decisions. */
    @ApplicationScoped
    public static class ReviewSection implements DatasetQueries.ImageDetailContributor {
        @Inject
        ReviewedLabels reviewed;
        @Inject
        ReviewService reviews;

        /** What the section holds. */
        public record View(ReviewStatus status, List<String> valid, String main, boolean consensusChanged,
                           List<DecisionView> decisions) {
        }

        @Override
        public String section() {
            return "review";
        }

        @Override
        public Object detail(Dataset dataset, Image image) {
            ReviewedLabels.Effective e = reviewed.one(dataset.id, image.id);
            return new View(e.status(), e.valid() == null ? null : List.copyOf(e.valid()), e.main(), e.consensusChanged(),
                    reviews.history(image.id));
        }
    }
}
