// AttachmentStore: bytes content-addressed under <data-dir>/attachments/, metadata in the
// database (SQLite or PostgreSQL).
#pragma once

#include <string>

#include "modules/cases/attachment.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class FileAttachmentStore final : public cases::AttachmentStore {
 public:
  FileAttachmentStore(Db& db, std::string dir) : db_(db), dir_(std::move(dir)) {}
  base::Result<cases::Attachment> Put(std::string_view bytes, const std::string& content_type,
                                      int64_t uploaded_by, base::TimeMs now) override;
  base::Result<std::optional<cases::Attachment>> Find(const std::string& id) override;
  base::Result<std::string> ReadBytes(const std::string& id) override;
  base::Result<bool> UploadedBy(const std::string& id, int64_t user_id) override;

 private:
  std::string PathOf(const std::string& id) const;
  Db& db_;
  std::string dir_;
};

}  // namespace civicgrid::storage::sql
