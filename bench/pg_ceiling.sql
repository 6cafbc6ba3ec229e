-- The storage ceiling of case intake on PostgreSQL: the rows one report writes (its day's
-- case-number counter, its case row and its report event, the columns the server writes), with
-- :batch reports per transaction, run by pgbench with several clients (PostgreSQL commits are
-- durable: synchronous_commit on). bench/run.sh runs it; rows carry numbers 'PGBENCH-…'.
\set r random(1, 2000000000)
BEGIN;
INSERT INTO case_numbers (prefix, last) VALUES ('PGBENCH-' || :client_id, :batch)
  ON CONFLICT (prefix) DO UPDATE SET last = case_numbers.last + :batch;
WITH c AS (
  INSERT INTO cases (number, district_code, street_code, community_code, grid_code, category_kind,
    category_code, description, address, lng, lat, channel, urgency, state, level, reporter_id,
    reporter_phone, anonymous, suggested_department_id, department_id, assisting_department_ids,
    stage, stage_started_at, deadline_at, deadline_working, allowed_ms, paused_remaining_ms,
    pending_extension_hours, pending_extension_reason, rating_score, solved, merged_into,
    return_count, rework_count, supervise_count, extension_count, created_at, updated_at,
    closed_at, version)
  SELECT 'PGBENCH-' || :client_id || '-' || :r || '-' || i, '910101000000', '910101001000',
    '910101001001', '910101001001001', 'matter', '06010', 'bench report', 'bench', 121.4, 31.2,
    'resident', 'normal', 'reported', 'street', 1, '', 0, NULL, NULL, '', 'register',
    1795622400000, 1795626000000, 1, 3600000, 0, NULL, '', 0, NULL, NULL, 0, 0, 0, 0,
    1795622400000, 1795622400000, 0, 1
  FROM generate_series(1, :batch) AS i
  RETURNING id)
INSERT INTO case_events (case_id, district_code, action, actor_id, actor_role, actor_name, at,
  note, from_state, to_state, attachment_ids, details)
SELECT id, '910101000000', 'report', 1, 'resident', 'resident', 1795622400000, 'bench report',
  '', 'reported', '', 'channel=resident' || chr(10) FROM c;
END;
