-- Campaign judgments per annotator and quarter hour (quarter_hour = epoch seconds of created_at / 900, rounded down),
-- kept by the writers in the transaction that stores or undoes a judgment. An annotator's progress ("done", "done
-- today") adds up these rows instead of counting the annotator's judgments, which took a heap page per judgment and
-- grew with the annotator's history. Every time zone is a whole number of quarter hours from UTC, so a day that
-- begins at local midnight begins on a row boundary.
CREATE TABLE annotator_progress (
    campaign_id  BIGINT NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    annotator    VARCHAR(200) NOT NULL,
    quarter_hour BIGINT NOT NULL,
    judgments    INTEGER NOT NULL,
    CONSTRAINT pk_annotator_progress PRIMARY KEY (campaign_id, annotator, quarter_hour)
);
INSERT INTO annotator_progress (campaign_id, annotator, quarter_hour, judgments)
SELECT campaign_id, annotator, CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 900) AS BIGINT), COUNT(*)
FROM judgment WHERE campaign_id IS NOT NULL
GROUP BY campaign_id, annotator, CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 900) AS BIGINT);
