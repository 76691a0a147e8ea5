-- What shared links' holders do (issue 12). `comments` was laid out before any code used
-- it and holds nothing: it is made again with what comments and updates need.
DROP TABLE comments;
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    -- What it is about: one action, one milestone, or (both NULL) the plan.
    action_id INTEGER REFERENCES actions(id) ON DELETE CASCADE,
    milestone_id INTEGER REFERENCES milestones(id) ON DELETE CASCADE,
    -- An answer names the comment it answers.
    answers INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    -- 'comment', or 'update' (a progress note on an action or milestone).
    kind TEXT NOT NULL,
    -- Left through a link (with the name its visitor gave) or by a user.
    link_id INTEGER REFERENCES share_links(id) ON DELETE SET NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX comments_plan ON comments(plan_id, created_at);

-- A change made through a shared link names the link, so a link's page can show its
-- actor as a party, never a person of the vendor.
ALTER TABLE plan_history ADD COLUMN link_id INTEGER REFERENCES share_links(id) ON DELETE SET NULL;

-- Whether a partner's link shows the plan's other partners (off: each sees only itself).
ALTER TABLE plans ADD COLUMN partners_see_each_other INTEGER NOT NULL DEFAULT 0;
