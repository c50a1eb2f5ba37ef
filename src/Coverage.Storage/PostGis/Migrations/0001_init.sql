-- Coverage plan schema on PostGIS: WGS84 (SRID 4326) geometry columns with GiST indexes.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE facilities (
  id text PRIMARY KEY,
  category text NOT NULL,
  kind text,
  name text NOT NULL,
  capacity integer,
  status text NOT NULL,
  source text NOT NULL DEFAULT '',
  source_id text,
  town text,
  geom geometry(Geometry, 4326) NOT NULL
);
CREATE UNIQUE INDEX facilities_source_key ON facilities (source, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX facilities_category ON facilities (category);
CREATE INDEX facilities_geom ON facilities USING gist (geom);

CREATE TABLE settlements (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  town text NOT NULL,
  admin_code text,
  parent_id text,
  population integer NOT NULL,
  elderly integer NOT NULL,
  urban boolean NOT NULL,
  source text NOT NULL DEFAULT '',
  source_id text,
  geom geometry(Geometry, 4326) NOT NULL
);
CREATE UNIQUE INDEX settlements_source_key ON settlements (source, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX settlements_town ON settlements (town);
CREATE INDEX settlements_geom ON settlements USING gist (geom);

CREATE TABLE circle_standards (
  id text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  kind text NOT NULL,
  categories jsonb NOT NULL,
  minutes double precision NOT NULL,
  profile text NOT NULL,
  demand text NOT NULL,
  target_percent double precision NOT NULL,
  applies_to jsonb NOT NULL,
  policy_source text NOT NULL,
  clause text
);

CREATE TABLE scenarios (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE scenario_edits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scenario_id text NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
  kind text NOT NULL,
  facility_id text NOT NULL,
  payload jsonb NOT NULL,
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX scenario_edits_scenario ON scenario_edits (scenario_id);

CREATE TABLE edit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX edit_log_entity ON edit_log (entity, entity_id);

CREATE TABLE planner_tokens (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  role text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  revoked_at timestamptz
);
