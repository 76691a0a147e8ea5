-- Overlap files uploaded to a partnership, kept until imported (issue 13): the preview
-- and the mapping read the file again from here, nothing reaches partnership_accounts
-- until the user confirms, and the import's progress is counted here as it runs.
-- Keep in step with ../postgres/0011_overlap_uploads.sql.
CREATE TABLE overlap_uploads (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    -- The file as UTF-8 text, byte-order mark dropped; empty when it was refused.
    content TEXT NOT NULL,
    -- Why the file was refused, in a sentence; NULL when it was read.
    refused TEXT,
    -- uploaded, importing, imported or failed.
    state TEXT NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    -- What the import did, as its preview counted it: "new updated unchanged".
    outcome TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX overlap_uploads_partnership ON overlap_uploads(partnership_id, id);
