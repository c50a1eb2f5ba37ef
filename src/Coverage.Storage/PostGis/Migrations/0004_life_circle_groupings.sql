-- A planner's edited 15-minute life-circle grouping (issue 13), saved under a unique name: its units (id, centre, members)
-- as JSON, the plan version it was drawn on (the id of the last edit-log row that changed the plan; a grouping of another
-- plan version may name villages that are gone), and the rule check of that plan version stored with it (summary columns
-- for lists, the whole answer as the JSON text the server gave). Versioned like scenarios: version is the id of the edit-log row of its last change.
CREATE TABLE life_circle_groupings (
  name text PRIMARY KEY,
  description text,
  plan_version bigint NOT NULL,
  units jsonb NOT NULL,
  all_meet boolean NOT NULL,
  unit_count integer NOT NULL,
  meeting integer NOT NULL,
  check_result text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  updated_by text,
  updated_at timestamptz
);
