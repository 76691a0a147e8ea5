-- Secret iCalendar feeds (issue 11): a user's feed of all their organisation's plans
-- (plan_id NULL) or of one plan. Only the key's SHA-256 is kept; a revoked or replaced
-- key stays as a row with revoked_at set, so it is never accepted again.
CREATE TABLE calendar_feeds (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    plan_id BIGINT REFERENCES plans(id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX calendar_feeds_owner ON calendar_feeds(user_id, plan_id);

-- Who attended a review: people of the plan (its owners), one row each.
CREATE TABLE review_attendees (
    review_id BIGINT NOT NULL REFERENCES review_logs(id) ON DELETE CASCADE,
    owner_id BIGINT NOT NULL REFERENCES plan_people(id) ON DELETE CASCADE,
    PRIMARY KEY (review_id, owner_id)
);

-- Who the review series invites: people of the plan (its owners).
CREATE TABLE cadence_invitees (
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    owner_id BIGINT NOT NULL REFERENCES plan_people(id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, owner_id)
);

-- A changed series keeps the meetings it had already held where they were: they are kept
-- here as they took place, and the plan's rule applies only from series_since on.
CREATE TABLE held_meetings (
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    occurs_on DATE NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    local_start TIMESTAMP NOT NULL,
    minutes BIGINT NOT NULL,
    PRIMARY KEY (plan_id, occurs_on)
);
ALTER TABLE plans ADD COLUMN series_since TIMESTAMPTZ;
