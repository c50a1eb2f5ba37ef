-- Row versions for optimistic concurrency: a row's version is the id of the edit-log row of its last change (edit-log ids
-- only grow, also across a restore, so a version is never issued twice for different states of a row); updated_by/updated_at
-- name that change. Existing rows get the last edit-log entry that touched them (a scenario: its own or its edits'). A row
-- no entry touched gets 0: no edit-log id is 0, so its first logged change cannot give back the ETag it had (1 could: the
-- first entry of an empty log is 1), and a row never changed since has had one state only, so "0" cannot name another.
ALTER TABLE facilities ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE facilities ADD COLUMN updated_by TEXT;
ALTER TABLE facilities ADD COLUMN updated_at DATETIME;
ALTER TABLE settlements ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE settlements ADD COLUMN updated_by TEXT;
ALTER TABLE settlements ADD COLUMN updated_at DATETIME;
ALTER TABLE scenarios ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scenarios ADD COLUMN updated_by TEXT;
ALTER TABLE scenarios ADD COLUMN updated_at DATETIME;

UPDATE facilities SET
  updated_by = (SELECT actor FROM edit_log WHERE entity = 'facility' AND entity_id = facilities.id ORDER BY id DESC LIMIT 1),
  updated_at = (SELECT at FROM edit_log WHERE entity = 'facility' AND entity_id = facilities.id ORDER BY id DESC LIMIT 1);
UPDATE settlements SET
  updated_by = (SELECT actor FROM edit_log WHERE entity = 'settlement' AND entity_id = settlements.id ORDER BY id DESC LIMIT 1),
  updated_at = (SELECT at FROM edit_log WHERE entity = 'settlement' AND entity_id = settlements.id ORDER BY id DESC LIMIT 1);
UPDATE scenarios SET
  updated_by = COALESCE((SELECT actor FROM edit_log WHERE entity = 'scenario' AND entity_id = scenarios.id ORDER BY id DESC LIMIT 1), created_by),
  updated_at = COALESCE((SELECT at FROM edit_log WHERE entity = 'scenario' AND entity_id = scenarios.id ORDER BY id DESC LIMIT 1), created_at);

UPDATE facilities SET version = COALESCE((SELECT MAX(id) FROM edit_log WHERE entity = 'facility' AND entity_id = facilities.id), 0);
UPDATE settlements SET version = COALESCE((SELECT MAX(id) FROM edit_log WHERE entity = 'settlement' AND entity_id = settlements.id), 0);
UPDATE scenarios SET version = COALESCE((SELECT MAX(id) FROM edit_log
  WHERE (entity = 'scenario' AND entity_id = scenarios.id) OR (entity = 'scenario_edit' AND entity_id LIKE scenarios.id || '/%')), 0);
