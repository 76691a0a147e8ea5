-- The owners grid (issue 10). People are kept once per organisation in `people`; an owner
-- (a row of plan_people, whose id milestones, actions and escalation steps keep pointing
-- at) becomes one person placed in one cell of a plan's grid: a party and a role, standard
-- (`role`, a key of domain::roles::Role) or one of the plan's custom roles (`plan_roles`).
-- Keep in step with ../postgres/0003_people_directory.sql.

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX people_org ON people(org_id, last_name, first_name);

-- One person for each owner as entered; owners that are plainly the same person (the same
-- email and name, case aside) across the organisation's plans become one. The person
-- takes the id of the first such owner, which is how the owners find them below.
CREATE TEMPORARY TABLE owner_person AS
SELECT pp.id AS owner_id,
       COALESCE((
           SELECT MIN(q.id) FROM plan_people q JOIN plans qp ON qp.id = q.plan_id
           WHERE qp.org_id = pl.org_id AND pp.email <> ''
             AND lower(q.email) = lower(pp.email)
             AND lower(q.first_name) = lower(pp.first_name)
             AND lower(q.last_name) = lower(pp.last_name)
       ), pp.id) AS person_id
FROM plan_people pp JOIN plans pl ON pl.id = pp.plan_id;

INSERT INTO people (id, org_id, first_name, last_name, email, title, created_at)
SELECT pp.id, pl.org_id, pp.first_name, pp.last_name, pp.email, pp.title, pl.created_at
FROM plan_people pp JOIN plans pl ON pl.id = pp.plan_id
JOIN owner_person o ON o.owner_id = pp.id AND o.person_id = pp.id;

ALTER TABLE plan_people ADD COLUMN person_id INTEGER REFERENCES people(id);
UPDATE plan_people SET person_id = (SELECT person_id FROM owner_person WHERE owner_id = plan_people.id);
DROP TABLE owner_person;

ALTER TABLE plan_people DROP COLUMN first_name;
ALTER TABLE plan_people DROP COLUMN last_name;
ALTER TABLE plan_people DROP COLUMN email;
ALTER TABLE plan_people DROP COLUMN title;

-- Rows of a plan's grid beyond the standard roles.
CREATE TABLE plan_roles (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_roles_plan ON plan_roles(plan_id, position);

-- The free-text role waits in legacy_role until the server reads it onto the grid's roles
-- at start (store::owners::read_legacy_roles: the spellings live in Rust, once).
ALTER TABLE plan_people ADD COLUMN legacy_role TEXT;
UPDATE plan_people SET legacy_role = role;
ALTER TABLE plan_people DROP COLUMN role;
ALTER TABLE plan_people ADD COLUMN role TEXT;
ALTER TABLE plan_people ADD COLUMN custom_role_id INTEGER REFERENCES plan_roles(id);
ALTER TABLE plan_people ADD COLUMN accountable BOOLEAN NOT NULL DEFAULT 0;

-- At most one accountable owner per party.
CREATE UNIQUE INDEX plan_people_accountable
    ON plan_people(plan_id, side, COALESCE(partner_id, 0)) WHERE accountable;
CREATE INDEX plan_people_person ON plan_people(person_id);
