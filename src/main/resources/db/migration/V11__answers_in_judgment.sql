-- A judgment's answers move into the judgment row: "classId:answer" pairs separated by spaces, in class id order
-- (answer 0 = no, 1 = maybe, 2 = yes; see StoredAnswers). One row per judgment instead of one per label makes the
-- annotation path's writes about half as many rows, indexes and foreign-key checks.
ALTER TABLE judgment ADD COLUMN answers VARCHAR(1000000);
UPDATE judgment SET answers = COALESCE((SELECT STRING_AGG(CAST(a.class_id AS VARCHAR) || ':' || CAST(a.answer AS VARCHAR),
    ' ' ORDER BY a.class_id) FROM judgment_answer a WHERE a.judgment_id = judgment.id), '');
ALTER TABLE judgment ALTER COLUMN answers SET NOT NULL;
DROP TABLE judgment_answer;
