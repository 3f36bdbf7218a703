package org.relabel.scoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A classifier registered on a dataset: a DJL-loadable artifact (TorchScript, ONNX, DJL model
 * directory) scored in-platform, or only a name for predictions imported from elsewhere.
 */
@Entity
@Table(name = "model")
public class Model extends PanacheEntityBase {
    /** Formats: {@code TORCHSCRIPT}, {@code ONNX}, {@code DJL}; {@code IMPORTED} has no artifact. */
    public static final String IMPORTED = "IMPORTED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    public String name;
    public String format;
    /** Path of the artifact relative to the data directory; null for imported predictions. */
    @Column(name = "artifact_path")
    public String artifactPath;
    /** Preprocessing as JSON: size, resize, centerCrop, mean, std, channels. */
    public String preprocessing;
    /** Number of ranked predictions stored per image. */
    @Column(name = "top_k")
    public int topK;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
