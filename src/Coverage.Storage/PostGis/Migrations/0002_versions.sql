-- Row versions for optimistic concurrency: a row's version is the id of the edit-log row of its last change (edit-log ids
-- only grow, also across a restore, so a version is never issued twice for different states of a row); updated_by/updated_at
-- name that change. Existing rows get the last edit-log entry that touched them (a scenario: its own or its edits'). A row
-- no entry touched gets 0: no edit-log id is 0, so its first logged change cannot give back the ETag it had (1 could: the
-- first entry of an empty log is 1), and a row never changed since has had one state only, so "0" cannot name another.
ALTER TABLE facilities ADD COLUMN version bigint NOT NULL DEFAULT 0, ADD COLUMN updated_by text, ADD COLUMN updated_at timestamptz;
ALTER TABLE settlements ADD COLUMN version bigint NOT NULL DEFAULT 0, ADD COLUMN updated_by text, ADD COLUMN updated_at timestamptz;
ALTER TABLE scenarios ADD COLUMN version bigint NOT NULL DEFAULT 0, ADD COLUMN updated_by text, ADD COLUMN updated_at timestamptz;

UPDATE facilities t SET updated_by = l.actor, updated_at = l.at
FROM (SELECT DISTINCT ON (entity_id) entity_id, actor, at FROM edit_log WHERE entity = 'facility' ORDER BY entity_id, id DESC) l
WHERE l.entity_id = t.id;
UPDATE settlements t SET updated_by = l.actor, updated_at = l.at
FROM (SELECT DISTINCT ON (entity_id) entity_id, actor, at FROM edit_log WHERE entity = 'settlement' ORDER BY entity_id, id DESC) l
WHERE l.entity_id = t.id;
UPDATE scenarios t SET updated_by = COALESCE(l.actor, t.created_by), updated_at = COALESCE(l.at, t.created_at)
FROM scenarios s
LEFT JOIN (SELECT DISTINCT ON (entity_id) entity_id, actor, at FROM edit_log WHERE entity = 'scenario' ORDER BY entity_id, id DESC) l
  ON l.entity_id = s.id
WHERE s.id = t.id;

UPDATE facilities SET version = COALESCE((SELECT MAX(id) FROM edit_log WHERE entity = 'facility' AND entity_id = facilities.id), 0);
UPDATE settlements SET version = COALESCE((SELECT MAX(id) FROM edit_log WHERE entity = 'settlement' AND entity_id = settlements.id), 0);
UPDATE scenarios SET version = COALESCE((SELECT MAX(id) FROM edit_log
  WHERE (entity = 'scenario' AND entity_id = scenarios.id) OR (entity = 'scenario_edit' AND entity_id LIKE scenarios.id || '/%')), 0);
