-- Counters that tell every serve process sharing this database when its cached view is stale.
CREATE TABLE meta (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO meta (name, value) VALUES ('areas_version', 0);
