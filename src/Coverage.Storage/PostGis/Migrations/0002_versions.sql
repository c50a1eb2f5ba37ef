-- Row versions for optimistic concurrency: version starts at 1 and grows by one per change; updated_by/updated_at name
-- the last change. Existing rows get version 1 and the last edit-log entry that touched them (if any).
ALTER TABLE facilities ADD COLUMN version bigint NOT NULL DEFAULT 1, ADD COLUMN updated_by text, ADD COLUMN updated_at timestamptz;
ALTER TABLE settlements ADD COLUMN version bigint NOT NULL DEFAULT 1, ADD COLUMN updated_by text, ADD COLUMN updated_at timestamptz;
ALTER TABLE scenarios ADD COLUMN version bigint NOT NULL DEFAULT 1, ADD COLUMN updated_by text, ADD COLUMN updated_at timestamptz;

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
