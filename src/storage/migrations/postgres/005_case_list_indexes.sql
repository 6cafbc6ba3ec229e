-- Case lists newest first within an area, the district (the partition key) leading every index:
-- a query "district = ? AND <level> = ? ORDER BY id DESC LIMIT n" reads n index entries, and the
-- state column lets counts and state filters run on the index alone.
DROP INDEX IF EXISTS cases_district_grid;
DROP INDEX IF EXISTS cases_grid;
DROP INDEX IF EXISTS cases_state;
DROP INDEX IF EXISTS cases_department;
DROP INDEX IF EXISTS cases_reporter;
CREATE INDEX cases_by_district ON cases(district_code, id, state);
CREATE INDEX cases_by_street ON cases(district_code, street_code, id, state);
CREATE INDEX cases_by_community ON cases(district_code, community_code, id, state);
CREATE INDEX cases_by_grid ON cases(district_code, grid_code, id, state);
CREATE INDEX cases_by_department ON cases(department_id, id);
CREATE INDEX cases_by_reporter ON cases(reporter_id, id);
