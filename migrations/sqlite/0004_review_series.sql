-- The review series (issue 11): a start date anchors it (every two weeks counts from it,
-- monthly is the start's week of the month), an optional end, and the meeting link; one
-- meeting can be skipped or moved without touching the series. A meeting keeps the local
-- date the series gave it (occurs_on) as its name, wherever it moves: its review log
-- (review_logs.meeting_on) names it the same way.
ALTER TABLE plans ADD COLUMN cadence_starts_on TEXT;
ALTER TABLE plans ADD COLUMN cadence_ends_on TEXT;
ALTER TABLE plans ADD COLUMN cadence_link TEXT NOT NULL DEFAULT '';

CREATE TABLE cadence_exceptions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    occurs_on TEXT NOT NULL,
    -- NULL: skipped; else the local date and time (plan's zone) it moved to.
    moved_to TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cadence_exceptions_occurrence ON cadence_exceptions(plan_id, occurs_on);
