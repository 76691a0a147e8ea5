-- Coplan schema, SQLite flavour. Keep in step with ../postgres/0001_schema.sql:
-- the same tables and columns, only the types differ.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    buyer_account TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    mode TEXT NOT NULL DEFAULT 'three_party',
    motion_front TEXT,
    motion_text TEXT NOT NULL DEFAULT '',
    credit_kind TEXT,
    credit_text TEXT NOT NULL DEFAULT '',
    credit_agreed_vendor TEXT NOT NULL DEFAULT '',
    credit_agreed_partner TEXT NOT NULL DEFAULT '',
    credit_agreed_on TEXT,
    cadence_frequency TEXT,
    cadence_weekday TEXT,
    cadence_time TEXT,
    cadence_tz TEXT,
    cadence_minutes INTEGER,
    target_amount INTEGER,
    target_currency TEXT,
    target_on TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plans_org ON plans(org_id, updated_at);

CREATE TABLE plan_partners (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_partners_plan ON plan_partners(plan_id, position);

CREATE TABLE plan_accounts (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    vendor_relation TEXT NOT NULL,
    partner_relation TEXT NOT NULL,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_accounts_plan ON plan_accounts(plan_id, position);

CREATE TABLE plan_people (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    side TEXT NOT NULL,
    partner_id INTEGER REFERENCES plan_partners(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_people_plan ON plan_people(plan_id, position);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_on TEXT,
    owner_id INTEGER REFERENCES plan_people(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'open',
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX milestones_plan ON milestones(plan_id, position);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    side TEXT NOT NULL,
    partner_id INTEGER REFERENCES plan_partners(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    owner_id INTEGER REFERENCES plan_people(id) ON DELETE SET NULL,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_plan ON actions(plan_id, position);

CREATE TABLE economics_lines (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    side TEXT NOT NULL,
    partner_id INTEGER REFERENCES plan_partners(id) ON DELETE CASCADE,
    percent_bp INTEGER,
    amount INTEGER,
    currency TEXT,
    note TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX economics_lines_plan ON economics_lines(plan_id, position);

CREATE TABLE escalation_paths (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    side TEXT NOT NULL,
    partner_id INTEGER REFERENCES plan_partners(id) ON DELETE CASCADE,
    stall_days INTEGER NOT NULL DEFAULT 14,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX escalation_paths_plan ON escalation_paths(plan_id);

CREATE TABLE escalation_steps (
    id INTEGER PRIMARY KEY,
    path_id INTEGER NOT NULL REFERENCES escalation_paths(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES plan_people(id) ON DELETE CASCADE,
    position INTEGER NOT NULL
);
CREATE INDEX escalation_steps_path ON escalation_steps(path_id, position);

CREATE TABLE review_logs (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    meeting_on TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    blockers TEXT NOT NULL DEFAULT '',
    next_moves TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX review_logs_plan ON review_logs(plan_id, meeting_on);

CREATE TABLE plan_history (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    part TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX plan_history_plan ON plan_history(plan_id, at);

CREATE TABLE share_links (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    side TEXT NOT NULL,
    partner_id INTEGER REFERENCES plan_partners(id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
);

CREATE TABLE share_link_uses (
    id INTEGER PRIMARY KEY,
    link_id INTEGER NOT NULL REFERENCES share_links(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    what TEXT NOT NULL
);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    link_id INTEGER REFERENCES share_links(id) ON DELETE SET NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
