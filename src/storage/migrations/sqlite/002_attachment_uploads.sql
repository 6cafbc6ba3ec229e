-- Who uploaded each photo: the bytes are stored once (content-addressed), but each uploader is
-- recorded, so that only they may attach it to a step.
CREATE TABLE attachment_uploads (
  attachment_id TEXT NOT NULL REFERENCES attachments(id),
  user_id INTEGER NOT NULL,
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY (attachment_id, user_id)
);
INSERT INTO attachment_uploads (attachment_id, user_id, uploaded_at)
  SELECT id, uploaded_by, created_at FROM attachments;
