-- The portfolio reads summaries, not whole plans (issue 13). A plan's summary is what
-- its row shows, computed from the whole plan when the plan's version has moved past
-- summary_version, or when summary_until (the next moment its health or next review
-- changes by the clock alone) has come; plan_counts tallies the summaries per filter
-- value, kept with them. Keep in step with ../postgres/0010_plan_summaries.sql.
ALTER TABLE plans ADD COLUMN summary_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN summary_until TEXT;
-- Only the plans changed since their summary: what a portfolio read refreshes first.
CREATE INDEX plans_summary_stale ON plans(org_id) WHERE summary_version <> version;
CREATE INDEX plans_summary_until ON plans(org_id, summary_until);

CREATE TABLE plan_summaries (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    -- The title folded to lower case: the title order, byte by byte on both databases.
    title_key TEXT NOT NULL,
    buyer_account TEXT NOT NULL,
    partners TEXT NOT NULL,
    -- Partnership ids, space separated: what the counts were tallied under.
    partnerships TEXT NOT NULL,
    status TEXT NOT NULL,
    owner_id INTEGER,
    owner_name TEXT,
    findings INTEGER NOT NULL,
    worst TEXT,
    stalled INTEGER NOT NULL,
    overdue INTEGER NOT NULL,
    urgency INTEGER NOT NULL,
    notes TEXT NOT NULL,
    -- 9999-12-31 when there is no review ahead, so the order needs no NULL rule.
    next_review TEXT NOT NULL,
    -- The same moment as the plan's zone shows it; NULL with no review ahead.
    review_local TEXT,
    review_zone TEXT NOT NULL,
    -- The date the series gives that meeting (its review log's), even when moved.
    review_on TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX plan_summaries_urgency ON plan_summaries(org_id, urgency, plan_id);
CREATE INDEX plan_summaries_updated ON plan_summaries(org_id, updated_at, plan_id);
CREATE INDEX plan_summaries_title ON plan_summaries(org_id, title_key, plan_id);
CREATE INDEX plan_summaries_review ON plan_summaries(org_id, next_review, plan_id);

CREATE TABLE plan_counts (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    plans INTEGER NOT NULL,
    PRIMARY KEY (org_id, facet, value)
);
