-- The callback (回访): the reporter's satisfaction with the result, and whether an unsatisfied
-- answer already reopened the case once; how often the case was suspended (挂账), which takes it
-- out of the on-time statistics;
-- how many of its stages ended after their deadline.
ALTER TABLE cases ADD COLUMN satisfaction TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN suspend_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN overdue_count INTEGER NOT NULL DEFAULT 0;
-- Ratings given before: 4–5 stars were satisfied, 3 basically satisfied, 1–2 unsatisfied.
UPDATE cases SET satisfaction = CASE WHEN rating_score >= 4 THEN 'satisfied'
  WHEN rating_score = 3 THEN 'basically_satisfied' ELSE 'unsatisfied' END
  WHERE rating_score > 0;

-- In-app notifications, written in the transaction of the case event that caused them and
-- addressed to an audience rather than fanned out to users: "user:<id>", "dept:<id>" or
-- "<role>@<area code>" (every dispatcher of a street, every inspector of a grid).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  audience TEXT NOT NULL,
  district_code TEXT NOT NULL,
  case_id INTEGER NOT NULL,
  case_number TEXT NOT NULL,
  event_action TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX notifications_audience ON notifications(audience, id);

-- What each user has read: everything up to read_up_to, and single notices above it.
CREATE TABLE notification_cursors (
  user_id INTEGER PRIMARY KEY,
  read_up_to INTEGER NOT NULL
);
CREATE TABLE notification_reads (
  user_id INTEGER NOT NULL,
  notification_id INTEGER NOT NULL,
  PRIMARY KEY (user_id, notification_id)
);
