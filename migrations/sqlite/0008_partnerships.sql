-- Partnerships (issue 13): the vendor and one partner company of the organisation, with
-- what its plans share. A plan's partner belongs to one. Existing plan partners are
-- adopted at start by the server (store::partnerships::adopt): one partnership per
-- distinct name (case and spacing ignored) and kind in an organisation. That is done in
-- Rust, not here, so that the key is computed by one function for both databases and for
-- partners added later (SQLite's lower() knows ASCII only).
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- domain::partnership::match_key(name, kind): unique in the organisation.
    match_key TEXT NOT NULL,
    motion_front TEXT,
    motion_text TEXT NOT NULL DEFAULT '',
    credit_kind TEXT,
    credit_text TEXT NOT NULL DEFAULT '',
    vendor_owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    partner_owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    cadence_frequency TEXT,
    cadence_weekday TEXT,
    target_amount INTEGER,
    target_currency TEXT,
    -- A period such as 2027-Q1.
    target_period TEXT,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, match_key)
);

ALTER TABLE plan_partners ADD COLUMN partnership_id INTEGER REFERENCES partnerships(id) ON DELETE SET NULL;
CREATE INDEX plan_partners_partnership ON plan_partners(partnership_id);
