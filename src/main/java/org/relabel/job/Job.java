package org.relabel.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A long piece of work (import, scoring, aggregation, export) with progress, persisted so that it
 * survives a page reload, can be claimed by exactly one instance and resumed after a restart.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {
    @Id
    public String id;
    public String kind;
    @Column(name = "dataset_id")
    public Long datasetId;
    @Enumerated(EnumType.STRING)
    public JobState state;
    public double progress;
    public String message;
    public String params;
    public String result;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @Column(name = "cancel_requested")
    public boolean cancelRequested;
    @Column(name = "claimed_by")
    public String claimedBy;
    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;
}
