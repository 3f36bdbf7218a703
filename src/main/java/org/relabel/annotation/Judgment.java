package org.relabel.annotation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One annotator's answer on one image: per label present / absent / unsure ({@link #answers}), the main
 * label, flags, time taken, and the labels shown in display order. Comes from a campaign, an import of
 * external judgments, or the simulated demo crowd.
 */
@Entity
@Table(name = "judgment")
public class Judgment extends PanacheEntityBase {
    /** Sources of judgments. */
    public static final String CAMPAIGN = "CAMPAIGN";
    public static final String IMPORT = "IMPORT";
    /** Judgments of the demo's simulated crowd, stored through the same path as campaign judgments (no account). */
    public static final String SIMULATED = "SIMULATED";

    /** Answers per label, as {@link #answers} holds them. */
    public static final short NO = 0;
    public static final short MAYBE = 1;
    public static final short YES = 2;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    @Column(name = "image_id")
    public Long imageId;
    @Column(name = "campaign_id")
    public Long campaignId;
    /** Account user name, or the external annotator id of an import. */
    public String annotator;
    @Column(name = "account_id")
    public Long accountId;
    public String source;
    @Column(name = "import_job")
    public String importJob;
    @Column(name = "main_class_id")
    public Long mainClassId;
    @Column(name = "none_apply")
    public boolean noneApply;
    public boolean unclear;
    public Integer millis;
    /** Class keys shown, in display order, separated by single spaces. */
    public String shown;
    /** Per label present / absent / unsure, encoded by {@link org.relabel.annotation.domain.StoredAnswers}. */
    public String answers = "";
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    /** Excluded from consensus (for example a paused spammer's judgments). */
    public boolean excluded;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
