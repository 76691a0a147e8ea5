-- Reviews are logged from the page (issue 11): one log per meeting, named by the date the
-- series gave it, and its texts compared and set like every field (hence a version).
ALTER TABLE review_logs ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX review_logs_meeting ON review_logs(plan_id, meeting_on);
DROP INDEX review_logs_plan;
