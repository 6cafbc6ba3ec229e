-- Moves with every catalog write (categories, departments, time limits, responsibility), so that
-- each serve process knows when its cached catalog is stale.
INSERT INTO meta (name, value) VALUES ('catalog_version', 0);
