-- The demo world's hidden truth, kept apart from anything annotators or models see.
CREATE TABLE demo_truth (
    image_id     BIGINT PRIMARY KEY REFERENCES image (id) ON DELETE CASCADE,
    dataset_id   BIGINT NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    present      VARCHAR(500) NOT NULL,
    main_label   VARCHAR(100) NOT NULL,
    background   VARCHAR(50) NOT NULL,
    label_error  BOOLEAN NOT NULL,
    multi_object BOOLEAN NOT NULL
);
CREATE INDEX ix_demo_truth_dataset ON demo_truth (dataset_id);
