package org.relabel.dataset;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One item of a dataset: key (file name or path), optional pixels (stored by content hash, or an
 * external URL, or none: labels only) and the original label.
 */
@Entity
@Table(name = "image")
public class Image extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    @Column(name = "image_key")
    public String key;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "original_class_id")
    public DatasetClass originalLabel;
    public String location;
    @Column(name = "content_hash")
    public String contentHash;
    @Column(name = "media_type")
    public String mediaType;
    public Integer width;
    public Integer height;
    @Column(name = "byte_size")
    public Long byteSize;

    public boolean hasPixels() {
        return contentHash != null;
    }
}
