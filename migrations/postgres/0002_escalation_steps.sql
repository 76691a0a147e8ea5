-- Escalation steps become rows of the plan grouped by side and partner, like joint
-- actions, so they add, remove and reorder the way every other list does. Each side keeps
-- its stall threshold in escalation_paths, which from now on exists for every side.
ALTER TABLE escalation_steps
    ADD COLUMN plan_id BIGINT REFERENCES plans(id) ON DELETE CASCADE,
    ADD COLUMN side TEXT,
    ADD COLUMN partner_id BIGINT REFERENCES plan_partners(id) ON DELETE CASCADE,
    ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
UPDATE escalation_steps s
SET plan_id = p.plan_id, side = p.side, partner_id = p.partner_id
FROM escalation_paths p WHERE p.id = s.path_id;
ALTER TABLE escalation_steps
    ALTER COLUMN plan_id SET NOT NULL,
    ALTER COLUMN side SET NOT NULL,
    DROP COLUMN path_id;
CREATE INDEX escalation_steps_plan ON escalation_steps(plan_id, position);

INSERT INTO escalation_paths (plan_id, side, partner_id, stall_days)
SELECT p.id, s.side, NULL, 14 FROM plans p, (VALUES ('vendor'), ('buyer')) AS s(side)
WHERE NOT EXISTS (
    SELECT 1 FROM escalation_paths e WHERE e.plan_id = p.id AND e.side = s.side
);
INSERT INTO escalation_paths (plan_id, side, partner_id, stall_days)
SELECT pp.plan_id, 'partner', pp.id, 14 FROM plan_partners pp
WHERE NOT EXISTS (
    SELECT 1 FROM escalation_paths e WHERE e.plan_id = pp.plan_id AND e.partner_id = pp.id
);
CREATE UNIQUE INDEX escalation_paths_side ON escalation_paths(plan_id, side, COALESCE(partner_id, 0));
