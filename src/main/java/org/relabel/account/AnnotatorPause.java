package org.relabel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A pause of an annotator, everywhere ({@code campaignId} null) or in one campaign; active until a
 * curator reinstates the annotator. {@code origin} is {@code auto} (anti-spam rules) or {@code curator}.
 */
@Entity
@Table(name = "annotator_pause")
public class AnnotatorPause extends PanacheEntityBase {
    public static final String AUTO = "auto";
    public static final String CURATOR = "curator";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String annotator;
    @Column(name = "campaign_id")
    public Long campaignId;
    public String origin;
    public String reason;
    public String detail;
    @Column(name = "gold_n")
    public Integer goldN;
    @Column(name = "gold_accuracy")
    public Double goldAccuracy;
    @Column(name = "median_seconds")
    public Double medianSeconds;
    @Column(name = "paused_at")
    public OffsetDateTime pausedAt;
    @Column(name = "paused_by")
    public String pausedBy;
    @Column(name = "reinstated_at")
    public OffsetDateTime reinstatedAt;
    @Column(name = "reinstated_by")
    public String reinstatedBy;
    @Column(name = "reinstate_note")
    public String reinstateNote;

    public boolean active() {
        return reinstatedAt == null;
    }
}
