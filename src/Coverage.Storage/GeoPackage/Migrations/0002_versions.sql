-- Row versions for optimistic concurrency: version starts at 1 and grows by one per change; updated_by/updated_at name
-- the last change. Existing rows get version 1 and the last edit-log entry that touched them (if any).
ALTER TABLE facilities ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE facilities ADD COLUMN updated_by TEXT;
ALTER TABLE facilities ADD COLUMN updated_at DATETIME;
ALTER TABLE settlements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE settlements ADD COLUMN updated_by TEXT;
ALTER TABLE settlements ADD COLUMN updated_at DATETIME;
ALTER TABLE scenarios ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
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
