-- The indicators' counters (modules/cases/case_stats.h): per district (the partition key), scope
-- (an area "a:<code>", a department "d:<id>", a person "p:<id>"), local day and counter, the
-- number of events and their summed durations. Written in each event's transaction; rebuilt from
-- the events by `civicgrid stats rebuild`.
CREATE TABLE daily_stats (
  district_code TEXT NOT NULL,
  scope TEXT NOT NULL,
  day INTEGER NOT NULL,
  metric TEXT NOT NULL,
  n INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  PRIMARY KEY (district_code, scope, day, metric)
) WITHOUT ROWID;

-- The leaders' part of a score (Aksu "3+1"): a rating of an area or department for a period, and
-- bonus/penalty points with their reason, entered by leaders; appended, never edited.
CREATE TABLE evaluation_entries (
  id INTEGER PRIMARY KEY,
  district_code TEXT NOT NULL,
  scope TEXT NOT NULL,
  kind TEXT NOT NULL,
  first_day INTEGER NOT NULL,
  last_day INTEGER NOT NULL,
  points REAL NOT NULL,
  reason TEXT NOT NULL,
  by_user INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX evaluation_entries_scope ON evaluation_entries(district_code, scope, first_day);
