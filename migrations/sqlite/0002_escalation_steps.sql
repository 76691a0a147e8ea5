-- Escalation steps become rows of the plan grouped by side and partner, like joint
-- actions, so they add, remove and reorder the way every other list does. Each side keeps
-- its stall threshold in escalation_paths, which from now on exists for every side.
CREATE TABLE escalation_steps_by_side (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    side TEXT NOT NULL,
    partner_id INTEGER REFERENCES plan_partners(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES plan_people(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO escalation_steps_by_side (id, plan_id, side, partner_id, person_id, position)
SELECT s.id, p.plan_id, p.side, p.partner_id, s.person_id, s.position
FROM escalation_steps s JOIN escalation_paths p ON p.id = s.path_id;
DROP TABLE escalation_steps;
ALTER TABLE escalation_steps_by_side RENAME TO escalation_steps;
CREATE INDEX escalation_steps_plan ON escalation_steps(plan_id, position);

INSERT INTO escalation_paths (plan_id, side, partner_id, stall_days)
SELECT p.id, s.side, NULL, 14 FROM plans p, (SELECT 'vendor' AS side UNION ALL SELECT 'buyer') s
WHERE NOT EXISTS (
    SELECT 1 FROM escalation_paths e WHERE e.plan_id = p.id AND e.side = s.side
);
INSERT INTO escalation_paths (plan_id, side, partner_id, stall_days)
SELECT pp.plan_id, 'partner', pp.id, 14 FROM plan_partners pp
WHERE NOT EXISTS (
    SELECT 1 FROM escalation_paths e WHERE e.plan_id = pp.plan_id AND e.partner_id = pp.id
);
CREATE UNIQUE INDEX escalation_paths_side ON escalation_paths(plan_id, side, COALESCE(partner_id, 0));
