-- OGC GeoPackage 1.3 core tables (kept if the file already has them), then the Coverage plan tables.
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326,
   'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');

CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);

CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);

-- Feature tables: fid is the GeoPackage feature id; id is Coverage's stable id.
CREATE TABLE facilities (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  geom GEOMETRY NOT NULL,
  id TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL,
  kind TEXT,
  name TEXT NOT NULL,
  capacity INTEGER,
  status TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  source_id TEXT,
  town TEXT
);
CREATE UNIQUE INDEX facilities_source_key ON facilities (source, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX facilities_category ON facilities (category);

CREATE TABLE settlements (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  geom GEOMETRY NOT NULL,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  town TEXT NOT NULL,
  admin_code TEXT,
  parent_id TEXT,
  population INTEGER NOT NULL,
  elderly INTEGER NOT NULL,
  urban BOOLEAN NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  source_id TEXT
);
CREATE UNIQUE INDEX settlements_source_key ON settlements (source, source_id) WHERE source_id IS NOT NULL;
CREATE INDEX settlements_town ON settlements (town);

-- Attribute tables (no geometry).
CREATE TABLE circle_standards (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  categories TEXT NOT NULL,
  minutes REAL NOT NULL,
  profile TEXT NOT NULL,
  demand TEXT NOT NULL,
  target_percent REAL NOT NULL,
  applies_to TEXT NOT NULL,
  policy_source TEXT NOT NULL,
  clause TEXT
);

CREATE TABLE scenarios (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  created_by TEXT NOT NULL,
  created_at DATETIME NOT NULL
);

CREATE TABLE scenario_edits (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  scenario_id TEXT NOT NULL REFERENCES scenarios (id),
  kind TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  note TEXT,
  created_by TEXT NOT NULL,
  created_at DATETIME NOT NULL
);
CREATE INDEX scenario_edits_scenario ON scenario_edits (scenario_id);

CREATE TABLE edit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  at DATETIME NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX edit_log_entity ON edit_log (entity, entity_id);

CREATE TABLE planner_tokens (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at DATETIME NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at DATETIME
);

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('facilities', 'features', 'facilities', 'Public-service facilities (Coverage)', 4326),
  ('settlements', 'features', 'settlements', 'Villages and communities with population (Coverage)', 4326),
  ('circle_standards', 'attributes', 'circle_standards', 'Walk-time circle standards with their policy source', NULL),
  ('scenarios', 'attributes', 'scenarios', 'What-if scenarios', NULL),
  ('scenario_edits', 'attributes', 'scenario_edits', 'Facilities added, moved or removed by a scenario', NULL),
  ('edit_log', 'attributes', 'edit_log', 'Who changed what, when', NULL),
  ('planner_tokens', 'attributes', 'planner_tokens', 'Planner tokens (SHA-256 hashes only)', NULL);

INSERT INTO gpkg_geometry_columns VALUES
  ('facilities', 'geom', 'GEOMETRY', 4326, 0, 0),
  ('settlements', 'geom', 'GEOMETRY', 4326, 0, 0);
