-- Case lists newest first within an area, the district (the partition key) leading every index.
-- Per level, (district, area, id) serves "everything, newest first"; for districts and streets,
-- whose lists are long, (district, area, state, id) serves state filters and counts from the
-- index alone: "state = ? ORDER BY id DESC LIMIT n" reads n entries, "state IN (open states)" a
-- few small ranges. A community's or a grid's cases are few enough to filter as they are read.
DROP INDEX IF EXISTS cases_district_grid;
DROP INDEX IF EXISTS cases_grid;
DROP INDEX IF EXISTS cases_state;
DROP INDEX IF EXISTS cases_department;
DROP INDEX IF EXISTS cases_reporter;
DROP INDEX IF EXISTS cases_deadline;  -- overdue lists and the supervisor go by district and state
CREATE INDEX cases_by_district ON cases(district_code, id);
CREATE INDEX cases_by_district_state ON cases(district_code, state, id);
CREATE INDEX cases_by_street ON cases(district_code, street_code, id);
CREATE INDEX cases_by_street_state ON cases(district_code, street_code, state, id);
CREATE INDEX cases_by_community ON cases(district_code, community_code, id);
CREATE INDEX cases_by_grid ON cases(district_code, grid_code, id);
CREATE INDEX cases_by_department ON cases(department_id, id);
CREATE INDEX cases_by_reporter ON cases(reporter_id, id);
