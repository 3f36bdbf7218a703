-- No query looks judgments up by (campaign_id, image_id): a campaign's judgments are read by annotator
-- (ix_judgment_campaign_annotator, whose first column also serves campaign_id alone and the foreign key's
-- ON DELETE SET NULL), an image's by (dataset_id, image_id) (ix_judgment_image). Every stored judgment paid for
-- this sixth index.
DROP INDEX IF EXISTS ix_judgment_campaign;
