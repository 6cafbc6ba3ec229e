-- Who uploaded each photo (mirrors sqlite/002_attachment_uploads.sql): the bytes are stored once
-- (content-addressed), but each uploader is recorded, so that only they may attach it to a step.
CREATE TABLE attachment_uploads (
  attachment_id TEXT COLLATE "C" NOT NULL REFERENCES attachments(id),
  user_id BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (attachment_id, user_id)
);
INSERT INTO attachment_uploads (attachment_id, user_id, uploaded_at)
  SELECT id, uploaded_by, created_at FROM attachments;
