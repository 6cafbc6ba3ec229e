-- Leader leases between the serve processes sharing one SQLite file (PostgreSQL uses a session
-- advisory lock instead): a holder keeps its lease by renewing it before it expires.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
