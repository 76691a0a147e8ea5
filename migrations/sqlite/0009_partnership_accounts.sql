-- A partnership's target accounts, from the overlap export of an account-mapping tool
-- (issue 13). An account is recognised by its normalised domain, or by its name where it
-- has none (domain::overlap::OverlapAccount::key); a re-import updates it in place.
CREATE TABLE partnership_accounts (
    id INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    match_key TEXT NOT NULL,
    name TEXT NOT NULL,
    domain TEXT,
    vendor_relation TEXT NOT NULL,
    partner_relation TEXT NOT NULL,
    vendor_owner TEXT NOT NULL DEFAULT '',
    partner_owner TEXT NOT NULL DEFAULT '',
    segment TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    UNIQUE (partnership_id, match_key)
);
