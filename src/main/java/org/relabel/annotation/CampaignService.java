package org.relabel.annotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.relabel.RelabelConfig;
import org.relabel.annotation.domain.CandidatePolicy;
import org.relabel.annotation.domain.ImageSelection;
import org.relabel.dataset.Dataset;
import org.relabel.job.JobState;
import org.relabel.job.JobService;
import org.relabel.upload.CsvReader;
import org.relabel.upload.UploadErrors;
import org.relabel.upload.UploadException;
import org.relabel.web.Problem;
import org.relabel.web.ProblemException;

/** Campaigns: create, edit, gold answers, open (through {@link CampaignOpenJob}), close, progress. */
@ApplicationScoped
public class CampaignService {
    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AnnotationConfig config;
    @Inject
    RelabelConfig relabel;
    @Inject
    ObjectMapper mapper;
    @Inject
    JobService jobs;

    /** The campaign with this id in this dataset, or a 404 problem. */
    public Campaign require(Dataset ds, long id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Campaign c = Campaign.findById(id);
            if (c == null || !c.datasetId.equals(ds.id)) throw ProblemException.notFound("Campaign " + id);
            return c;
        });
    }

    /** The campaign with this id, or a 404 problem. */
    public Campaign require(long id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Campaign c = Campaign.findById(id);
            if (c == null) throw ProblemException.notFound("Campaign " + id);
            return c;
        });
    }

    public List<CampaignView> list(Dataset ds) {
        List<Campaign> all = QuarkusTransaction.joiningExisting().call(() ->
                Campaign.<Campaign>find("datasetId = ?1 order by createdAt desc, id desc", ds.id).list());
        return all.stream().map(c -> view(ds, c)).toList();
    }

    public CampaignView view(Dataset ds, Campaign c) {
        Map<Long, String> names = modelNames(ds.id);
        List<String> models = c.models().stream().map(id -> names.getOrDefault(id, "#" + id)).toList();
        return new CampaignView(c.id, ds.key, c.name, c.state, c.instructions, models, c.topK, c.maxCandidates,
                selection(c), c.overlap, c.goldRate, c.leaseSeconds, c.completionCode, c.completionAfter, goldCount(c.id), c.openJob,
                c.createdBy, c.createdAt, c.openedAt, c.closedAt, stats(c));
    }

    /** Creates a draft campaign. */
    public Campaign create(Dataset ds, CampaignRequest r, String user) {
        if (r == null) throw ProblemException.badRequest("a campaign needs a JSON body with at least a name");
        AnnotationConfig.Defaults d = config.defaults();
        Campaign c = new Campaign();
        c.datasetId = ds.id;
        c.state = Campaign.State.DRAFT;
        c.topK = d.topK();
        c.maxCandidates = d.maxCandidates();
        c.overlap = d.overlap();
        c.goldRate = 0;
        c.leaseSeconds = (int) d.lease().toSeconds();
        c.completionAfter = d.completionAfter();
        c.modelIds = "";
        c.selection = json(ImageSelection.all());
        c.completionCode = completionCode();
        c.createdBy = user;
        c.createdAt = OffsetDateTime.now();
        QuarkusTransaction.requiringNew().run(() -> {
            apply(ds, c, r, true);
            c.persist();
        });
        return c;
    }

    /** Changes settings. Candidate settings (models, top-k, cap, selection) are fixed once the campaign has opened. */
    public Campaign update(Dataset ds, long id, CampaignRequest r) {
        if (r == null) throw ProblemException.badRequest("the request body is empty");
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = require(ds, id);
            apply(ds, c, r, c.state == Campaign.State.DRAFT);
            return c;
        });
    }

    /** Deletes a draft; campaigns that were opened keep their judgments and cannot be deleted. */
    public void delete(Dataset ds, long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Campaign c = require(ds, id);
            if (c.state != Campaign.State.DRAFT) {
                throw ProblemException.conflict("only a draft campaign can be deleted; close it instead");
            }
            c.delete();
        });
    }

    /** Stops new leases; submissions of held leases are refused too. Reopen with {@link #reopen}. */
    public Campaign close(Dataset ds, long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = require(ds, id);
            if (c.state != Campaign.State.OPEN) throw ProblemException.conflict("campaign is " + c.state + ", not OPEN");
            c.state = Campaign.State.CLOSED;
            c.closedAt = OffsetDateTime.now();
            return c;
        });
    }

    /** Opens a closed campaign again; its candidate sets stay as they were. */
    public Campaign reopen(Dataset ds, long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = require(ds, id);
            if (c.state != Campaign.State.CLOSED) throw ProblemException.conflict("campaign is " + c.state + ", not CLOSED");
            c.state = Campaign.State.OPEN;
            c.closedAt = null;
            return c;
        });
    }

    /**
     * Marks a draft as opening; refused when it is open, closed, or being opened by a job that has
     * not ended (an opening whose job failed or died may start again).
     */
    public Campaign startOpening(Dataset ds, long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = require(ds, id);
            if (c.state == Campaign.State.OPENING) {
                JobState js = c.openJob == null ? JobState.RUNNING
                        : jobs.find(c.openJob).map(j -> j.state).orElse(JobState.FAILED);
                if (js == JobState.QUEUED || js == JobState.RUNNING) {
                    throw ProblemException.conflict("campaign is already being opened"
                            + (c.openJob == null ? "" : " by job " + c.openJob));
                }
            } else if (c.state != Campaign.State.DRAFT) {
                throw ProblemException.conflict("campaign is " + c.state + "; only a draft can be opened");
            }
            c.state = Campaign.State.OPENING;
            c.openJob = null;
            return c;
        });
    }

    /** Gold answers from CSV ({@code image}, {@code labels} space-separated class keys, optional {@code main}); replaces all. */
    public int uploadGold(Dataset ds, long id, Path csv) {
        return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
            Campaign c = require(ds, id);
            if (c.state != Campaign.State.DRAFT) {
                throw ProblemException.conflict("gold images can be set only while the campaign is a draft");
            }
            UploadErrors errors = new UploadErrors(relabel.upload().maxReportedErrors());
            try (Connection conn = dataSource.getConnection()) {
                Map<String, Long> classes = new HashMap<>();
                try (PreparedStatement ps = conn.prepareStatement("SELECT id, class_key FROM dataset_class WHERE dataset_id = ?")) {
                    ps.setLong(1, ds.id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) classes.put(rs.getString(2), rs.getLong(1));
                    }
                }
                record Gold(long image, List<Long> present, Long main) {
                }
                List<Gold> rows = new ArrayList<>();
                var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                try (CsvReader reader = new CsvReader(new InputStreamReader(Files.newInputStream(csv), decoder));
                     PreparedStatement image = conn.prepareStatement(
                             "SELECT id, content_hash FROM image WHERE dataset_id = ? AND image_key = ?")) {
                    int imageCol = reader.requireColumn("image");
                    int labelsCol = reader.requireColumn("labels");
                    int mainCol = reader.column("main");
                    Set<Long> seen = new HashSet<>();
                    CsvReader.Row row;
                    while (true) {
                        try {
                            row = reader.next();
                        } catch (UploadException e) {
                            errors.add(e);
                            break;
                        }
                        if (row == null) break;
                        String key = trim(row.get(imageCol));
                        Long imageId = null;
                        image.setLong(1, ds.id);
                        image.setString(2, key);
                        try (ResultSet rs = image.executeQuery()) {
                            if (!rs.next()) {
                                errors.add(row.line(), imageCol + 1, "image", "unknown image '" + key + "'");
                            } else if (rs.getString(2) == null) {
                                errors.add(row.line(), imageCol + 1, "image", "image '" + key + "' has no stored pixels");
                            } else if (!seen.add(rs.getLong(1))) {
                                errors.add(row.line(), imageCol + 1, "image", "duplicate image '" + key + "'");
                            } else {
                                imageId = rs.getLong(1);
                            }
                        }
                        Set<Long> present = new LinkedHashSet<>();
                        String labels = trim(row.get(labelsCol));
                        for (String label : labels.isEmpty() ? new String[0] : labels.split("\\s+")) {
                            Long cls = classes.get(label);
                            if (cls == null) errors.add(row.line(), labelsCol + 1, "labels", "unknown class '" + label + "'");
                            else present.add(cls);
                        }
                        if (present.size() > CandidatePolicy.MAX_CAP) {
                            errors.add(row.line(), labelsCol + 1, "labels", "more than " + CandidatePolicy.MAX_CAP + " labels");
                        }
                        Long main = null;
                        String mainKey = trim(row.get(mainCol));
                        if (!mainKey.isEmpty()) {
                            main = classes.get(mainKey);
                            if (main == null) {
                                errors.add(row.line(), mainCol + 1, "main", "unknown class '" + mainKey + "'");
                            } else if (!present.contains(main)) {
                                errors.add(row.line(), mainCol + 1, "main", "main label '" + mainKey + "' is not among the labels");
                            }
                        }
                        if (imageId != null) rows.add(new Gold(imageId, List.copyOf(present), main));
                    }
                }
                errors.throwIfAny();
                try (PreparedStatement del = conn.prepareStatement("DELETE FROM campaign_gold WHERE campaign_id = ?")) {
                    del.setLong(1, c.id);
                    del.executeUpdate();
                }
                try (PreparedStatement ins = conn.prepareStatement(
                        "INSERT INTO campaign_gold (campaign_id, image_id, present, main_class_id) VALUES (?, ?, ?, ?)")) {
                    for (Gold g : rows) {
                        ins.setLong(1, c.id);
                        ins.setLong(2, g.image());
                        ins.setString(3, join(g.present()));
                        if (g.main() == null) ins.setNull(4, java.sql.Types.BIGINT);
                        else ins.setLong(4, g.main());
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                return rows.size();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw UploadException.single(null, null, null, "the file is not valid UTF-8 text");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Number of gold answers set on a campaign. */
    public long goldCount(long campaignId) {
        return QuarkusTransaction.joiningExisting().call(() -> (Long) Campaign.getEntityManager()
                .createNativeQuery("SELECT COUNT(*) FROM campaign_gold WHERE campaign_id = ?1", Long.class)
                .setParameter(1, campaignId).getSingleResult());
    }

    /** The models of a dataset: id to name. */
    public Map<Long, String> modelNames(long datasetId) {
        Map<Long, String> names = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name FROM model WHERE dataset_id = ? ORDER BY name")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.put(rs.getLong(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    public ImageSelection selection(Campaign c) {
        try {
            return mapper.readValue(c.selection, ImageSelection.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored selection of campaign " + c.id + " is not valid JSON", e);
        }
    }

    /** Progress figures from the queue rows (cheap: one pass over the campaign's rows). */
    public CampaignView.Stats stats(Campaign c) {
        if (c.state == Campaign.State.DRAFT || c.state == Campaign.State.OPENING) {
            return new CampaignView.Stats(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        long images = 0, gold = 0, judgments = 0, goldJudgments = 0, complete = 0, leased = 0, extra = 0, skips, annotators;
        try (Connection conn = dataSource.getConnection()) {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT gold, COUNT(*), COALESCE(SUM(judgments_done), 0), COALESCE(SUM(leased), 0), "
                            + "COALESCE(SUM(CASE WHEN judgments_done >= ? + extra_wanted THEN 1 ELSE 0 END), 0), "
                            + "COALESCE(SUM(extra_wanted), 0) "
                            + "FROM campaign_image WHERE campaign_id = ? GROUP BY gold")) {
                ps.setInt(1, c.overlap);
                ps.setLong(2, c.id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(1)) {
                            gold = rs.getLong(2);
                            goldJudgments = rs.getLong(3);
                        } else {
                            images = rs.getLong(2);
                            judgments = rs.getLong(3);
                            complete = rs.getLong(5);
                            extra = rs.getLong(6);
                        }
                        leased += rs.getLong(4);
                    }
                }
            }
            skips = count(conn, "SELECT COUNT(*) FROM assignment WHERE campaign_id = ? AND state = 'SKIPPED'", c.id);
            annotators = count(conn, "SELECT COUNT(DISTINCT annotator) FROM judgment WHERE campaign_id = ?", c.id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new CampaignView.Stats(images, gold, images * c.overlap + extra, judgments, goldJudgments, complete, leased,
                skips, annotators);
    }

    private static long count(Connection conn, String sql, long id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private void apply(Dataset ds, Campaign c, CampaignRequest r, boolean draft) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.name() != null || c.name == null) {
            String name = r.name() == null ? "" : r.name().strip();
            if (name.isEmpty()) errors.add(error("name", "a campaign needs a name"));
            else if (name.length() > 300) errors.add(error("name", "name is longer than 300 characters"));
            else c.name = name;
        }
        if (r.instructions() != null) {
            if (r.instructions().length() > 20000) errors.add(error("instructions", "instructions are longer than 20000 characters"));
            else c.instructions = r.instructions().isBlank() ? null : r.instructions();
        }
        if (r.overlap() != null) {
            if (r.overlap() < 1 || r.overlap() > 100) errors.add(error("overlap", "overlap must be between 1 and 100"));
            else c.overlap = r.overlap();
        }
        if (r.goldRate() != null) {
            if (r.goldRate().isNaN() || r.goldRate() < 0 || r.goldRate() > 0.5) {
                errors.add(error("goldRate", "goldRate must be between 0 and 0.5"));
            } else {
                c.goldRate = r.goldRate();
            }
        }
        if (r.leaseSeconds() != null) {
            if (r.leaseSeconds() < 30 || r.leaseSeconds() > 86400) {
                errors.add(error("leaseSeconds", "leaseSeconds must be between 30 and 86400"));
            } else {
                c.leaseSeconds = r.leaseSeconds();
            }
        }
        if (r.completionAfter() != null) {
            if (r.completionAfter() < 1 || r.completionAfter() > 100000) {
                errors.add(error("completionAfter", "completionAfter must be between 1 and 100000"));
            } else {
                c.completionAfter = r.completionAfter();
            }
        }
        boolean candidateChange = r.models() != null || r.topK() != null || r.maxCandidates() != null || r.selection() != null;
        if (candidateChange && !draft) {
            if (!sameCandidates(ds, c, r)) {
                throw ProblemException.conflict("candidate sets are fixed once a campaign has opened: "
                        + "models, topK, maxCandidates and selection can no longer change");
            }
        } else if (candidateChange) {
            if (r.models() != null) {
                Map<String, Long> byName = new HashMap<>();
                modelNames(ds.id).forEach((id, name) -> byName.put(name, id));
                List<Long> ids = new ArrayList<>();
                for (String m : r.models()) {
                    Long id = byName.get(m);
                    if (id == null) errors.add(error("models", "unknown model '" + m + "'"));
                    else if (ids.contains(id)) errors.add(error("models", "model '" + m + "' is listed twice"));
                    else ids.add(id);
                }
                c.modelIds = join(ids);
            }
            if (r.topK() != null) {
                if (r.topK() < 1 || r.topK() > 20) errors.add(error("topK", "topK must be between 1 and 20"));
                else c.topK = r.topK();
            }
            if (r.maxCandidates() != null) {
                if (r.maxCandidates() < 1 || r.maxCandidates() > CandidatePolicy.MAX_CAP) {
                    errors.add(error("maxCandidates", "maxCandidates must be between 1 and " + CandidatePolicy.MAX_CAP));
                } else {
                    c.maxCandidates = r.maxCandidates();
                }
            }
            if (r.selection() != null) {
                ImageSelection s = toSelection(ds, r.selection(), errors);
                if (s != null) c.selection = json(s);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "invalid-campaign", "Invalid campaign",
                    errors.get(0).field() + ": " + errors.get(0).message()
                            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : ""),
                    errors, errors.size());
        }
    }

    private boolean sameCandidates(Dataset ds, Campaign c, CampaignRequest r) {
        List<Problem.FieldError> ignored = new ArrayList<>();
        if (r.models() != null) {
            Map<Long, String> names = modelNames(ds.id);
            List<String> current = c.models().stream().map(names::get).toList();
            if (!current.equals(r.models())) return false;
        }
        if (r.topK() != null && r.topK() != c.topK) return false;
        if (r.maxCandidates() != null && r.maxCandidates() != c.maxCandidates) return false;
        return r.selection() == null || selection(c).equals(toSelection(ds, r.selection(), ignored));
    }

    private ImageSelection toSelection(Dataset ds, CampaignRequest.Selection s, List<Problem.FieldError> errors) {
        List<String> labels = s.labels() == null ? List.of() : s.labels();
        if (!labels.isEmpty()) {
            Set<String> known = new HashSet<>(Campaign.getEntityManager()
                    .createQuery("select c.key from DatasetClass c where c.datasetId = ?1", String.class)
                    .setParameter(1, ds.id).getResultList());
            for (String l : labels) {
                if (!known.contains(l)) errors.add(error("selection.labels", "unknown class '" + l + "'"));
            }
        }
        if (s.keyPrefix() != null && s.keyPrefix().length() > 500) {
            errors.add(error("selection.keyPrefix", "keyPrefix is longer than 500 characters"));
        }
        if (s.sample() != null && s.sample() < 1) errors.add(error("selection.sample", "sample must be at least 1"));
        long seed = s.seed() == null ? 1 : s.seed();
        return new ImageSelection(labels, s.keyPrefix(), Boolean.TRUE.equals(s.disagreement()), s.sample(), seed);
    }

    private static Problem.FieldError error(String field, String message) {
        return new Problem.FieldError(null, null, field, message);
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String completionCode() {
        StringBuilder sb = new StringBuilder("RL-");
        for (int i = 0; i < 10; i++) sb.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        return sb.toString();
    }

    static String join(List<Long> ids) {
        StringBuilder sb = new StringBuilder();
        for (Long id : ids) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(id);
        }
        return sb.toString();
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
