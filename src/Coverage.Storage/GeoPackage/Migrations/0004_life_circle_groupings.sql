-- A planner's edited 15-minute life-circle grouping (issue 13), saved under a unique name: its units (id, centre, members)
-- as JSON, the plan version it was drawn on (the id of the last edit-log row that changed the plan; a grouping of another
-- plan version may name villages that are gone), and the rule check of that plan version stored with it (summary columns
-- for lists, the whole answer as the JSON text the server gave). Versioned like scenarios: version is the id of the edit-log row of its last change.
CREATE TABLE life_circle_groupings (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  plan_version INTEGER NOT NULL,
  units TEXT NOT NULL,
  all_meet BOOLEAN NOT NULL,
  unit_count INTEGER NOT NULL,
  meeting INTEGER NOT NULL,
  check_result TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  updated_by TEXT,
  updated_at DATETIME
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('life_circle_groupings', 'attributes', 'life_circle_groupings', 'Planners'' 15-minute life-circle groupings with their rule check', NULL);
