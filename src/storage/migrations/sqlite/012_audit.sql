-- The tamper-evident audit log: every case event and every read of a reporter's unmasked
-- personal data, in one chain. Each entry's hash is BLAKE2b-256 over the previous entry's hash and
-- its own fields (modules/audit), so that editing or removing an entry breaks the chain from
-- there on; `civicgrid audit verify` recomputes it. audit_tip holds the last sequence number and
-- hash: appending takes it (a row lock on PostgreSQL), which orders every append of every process,
-- and a log cut short no longer ends at the tip. The log is append-only: triggers refuse UPDATE and
-- DELETE of entries and of the tip, so entries are kept (at least the 180 days the rules ask).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  district_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject, seq);

CREATE TABLE audit_tip (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_tip (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_tip_forward BEFORE UPDATE ON audit_tip
WHEN new.seq < old.seq OR (new.seq = old.seq AND new.hash <> old.hash)
BEGIN
  SELECT RAISE(ABORT, 'audit_tip only moves forward');
END;
CREATE TRIGGER audit_tip_no_delete BEFORE DELETE ON audit_tip
BEGIN
  SELECT RAISE(ABORT, 'audit_tip is kept');
END;
