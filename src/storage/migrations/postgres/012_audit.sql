-- The tamper-evident audit log (see the SQLite migration of the same name for the design): every
-- case event and every read of unmasked personal data, hash-chained; audit_tip orders appends
-- across processes (its row lock) and marks the end of the chain. Triggers make both append-only.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  district_code TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  actor_id BIGINT NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log(subject, seq);

CREATE TABLE audit_tip (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_tip (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE FUNCTION audit_tip_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash) THEN
    RAISE EXCEPTION 'audit_tip only moves forward';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();
CREATE TRIGGER audit_tip_forward BEFORE UPDATE ON audit_tip
  FOR EACH ROW EXECUTE FUNCTION audit_tip_forward();
CREATE TRIGGER audit_tip_kept BEFORE DELETE ON audit_tip
  FOR EACH ROW EXECUTE FUNCTION audit_refuse();
