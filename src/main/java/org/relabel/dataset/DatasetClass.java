package org.relabel.dataset;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of a dataset's vocabulary: key (e.g. a WordNet id), name, description, model output index. */
@Entity
@Table(name = "dataset_class")
public class DatasetClass extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    @Column(name = "class_key")
    public String key;
    public String name;
    public String description;
    @Column(name = "output_index")
    public Integer outputIndex;
}
