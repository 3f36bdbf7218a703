-- Judgments wanted on top of the campaign's overlap for one image: raised when a curator asks for more
-- judgments of the image ("ask for more judgments" in the review queue), which puts it back in the queue.
ALTER TABLE campaign_image ADD COLUMN extra_wanted INTEGER DEFAULT 0 NOT NULL;
