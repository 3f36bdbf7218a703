package org.relabel.annotation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * One relabeling round on a dataset: which models' top-k form the candidate sets, which images,
 * judgments wanted per image (overlap), gold images and their rate, instructions and lease time.
 * Candidate sets are fixed per image when the campaign opens (rows of {@code campaign_image}).
 */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {
    /** Lifecycle: settings editable; candidate sets being built; annotators at work; no new leases. */
    public enum State { DRAFT, OPENING, OPEN, CLOSED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    public String name;
    /** Markdown shown to annotators. */
    public String instructions;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public State state;
    /** Model ids, space-separated, in priority order. */
    @Column(name = "model_ids")
    public String modelIds;
    @Column(name = "top_k")
    public int topK;
    @Column(name = "max_candidates")
    public int maxCandidates;
    /** {@link org.relabel.annotation.domain.ImageSelection} as JSON. */
    public String selection;
    public int overlap;
    @Column(name = "gold_rate")
    public double goldRate;
    @Column(name = "lease_seconds")
    public int leaseSeconds;
    @Column(name = "completion_code")
    public String completionCode;
    @Column(name = "completion_after")
    public int completionAfter;
    /** Regular (non-gold) images, set when the campaign opens. */
    public int images;
    @Column(name = "gold_images")
    public int goldImages;
    @Column(name = "open_job")
    public String openJob;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "opened_at")
    public OffsetDateTime openedAt;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    public List<Long> models() {
        if (modelIds == null || modelIds.isBlank()) return List.of();
        return Arrays.stream(modelIds.trim().split(" ")).map(Long::valueOf).toList();
    }
}
