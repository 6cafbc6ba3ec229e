-- Core schema: areas, catalog, users, cases and their append-only events.
CREATE TABLE areas (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  parent_code TEXT NOT NULL,
  boundary_wkt TEXT NOT NULL DEFAULT '',
  center_lng REAL,
  center_lat REAL,
  vintage TEXT NOT NULL DEFAULT '',
  grid_type TEXT NOT NULL DEFAULT '',
  households INTEGER NOT NULL DEFAULT 0,
  grid_leader TEXT NOT NULL DEFAULT '',
  post_a TEXT NOT NULL DEFAULT '',
  post_b TEXT NOT NULL DEFAULT ''
);
CREATE INDEX areas_parent ON areas(parent_code);
CREATE INDEX areas_level ON areas(level);

CREATE TABLE categories (
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  level INTEGER NOT NULL,
  name TEXT NOT NULL,
  parent_code TEXT NOT NULL,
  standard TEXT NOT NULL,
  legacy_code TEXT NOT NULL,
  PRIMARY KEY (kind, code)
);

CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  area_codes TEXT NOT NULL
);

CREATE TABLE time_limits (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  urgency TEXT NOT NULL,
  stage TEXT NOT NULL,
  amount INTEGER NOT NULL,
  unit TEXT NOT NULL,
  source TEXT NOT NULL
);

CREATE TABLE responsibility_rules (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  category_code TEXT NOT NULL,
  area_code TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  assisting TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  phone TEXT NOT NULL,
  role TEXT NOT NULL,
  area_code TEXT NOT NULL,
  department_id INTEGER,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL
);

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  expires_at INTEGER NOT NULL
);

CREATE TABLE case_numbers (
  prefix TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  district_code TEXT NOT NULL,
  street_code TEXT NOT NULL,
  community_code TEXT NOT NULL,
  grid_code TEXT NOT NULL,
  category_kind TEXT NOT NULL,
  category_code TEXT NOT NULL,
  description TEXT NOT NULL,
  address TEXT NOT NULL,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  channel TEXT NOT NULL,
  urgency TEXT NOT NULL,
  state TEXT NOT NULL,
  level TEXT NOT NULL,
  reporter_id INTEGER NOT NULL,
  reporter_phone TEXT NOT NULL,
  anonymous INTEGER NOT NULL,
  suggested_department_id INTEGER,
  department_id INTEGER,
  assisting_department_ids TEXT NOT NULL,
  stage TEXT NOT NULL,
  stage_started_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  deadline_working INTEGER NOT NULL,
  allowed_ms INTEGER NOT NULL,
  paused_remaining_ms INTEGER NOT NULL,
  pending_extension_hours INTEGER,
  pending_extension_reason TEXT NOT NULL,
  rating_score INTEGER NOT NULL,
  solved INTEGER,
  merged_into INTEGER,
  return_count INTEGER NOT NULL,
  rework_count INTEGER NOT NULL,
  supervise_count INTEGER NOT NULL,
  extension_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX cases_district_grid ON cases(district_code, grid_code);
CREATE INDEX cases_state ON cases(district_code, state);
CREATE INDEX cases_department ON cases(department_id);
CREATE INDEX cases_reporter ON cases(reporter_id);
CREATE INDEX cases_deadline ON cases(deadline_at);

CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  district_code TEXT NOT NULL,
  action TEXT NOT NULL,
  actor_id INTEGER NOT NULL,
  actor_role TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  at INTEGER NOT NULL,
  note TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  attachment_ids TEXT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, id);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
