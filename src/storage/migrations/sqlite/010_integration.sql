-- Keys of other systems (an Open311 app, a city 12345 hotline system) that submit cases. Each key
-- acts as its own account (user_id); only its hash is kept. Submissions are counted per minute in
-- the row itself, so that every serve process sees the same count.
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('open311', 'hotline')),
  user_id INTEGER NOT NULL REFERENCES users(id),
  key_hash TEXT NOT NULL UNIQUE,
  per_minute INTEGER NOT NULL,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  window_start INTEGER NOT NULL DEFAULT 0,
  window_count INTEGER NOT NULL DEFAULT 0
);

-- A case's names in other systems: an Open311 submission token ("open311-token"), a hotline
-- work order's id ("hotline:<key id>"). Written in the case's own transaction; the key makes a
-- second submission of the same work order find the first case instead of making another.
CREATE TABLE case_refs (
  system TEXT NOT NULL,
  ref TEXT NOT NULL,
  case_id INTEGER NOT NULL,
  district_code TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (system, ref)
) WITHOUT ROWID;
CREATE INDEX case_refs_case ON case_refs(case_id);

-- Open311 lists by category and by date.
CREATE INDEX cases_by_category ON cases(district_code, category_code, id);
