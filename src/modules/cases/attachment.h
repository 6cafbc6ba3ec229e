// Photos attached to cases: content-addressed files whose type is checked by magic bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace civicgrid::cases {

constexpr size_t kMaxAttachmentBytes = size_t{10} * 1024 * 1024;

struct Attachment {
  std::string id;  // hex digest of the content
  std::string content_type;
  int64_t size = 0;
  int64_t uploaded_by = 0;
  base::TimeMs created_at = 0;
};

// The image type the bytes really are (image/jpeg, image/png, image/webp, image/gif), judged by
// magic bytes, or nullopt.
std::optional<std::string> SniffImageType(std::string_view bytes);

// Storage for attachment bytes and metadata; implemented in storage/. Thread-safe.
class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  // Stores the bytes durably (the file is synced before the metadata commits) and records the
  // uploader. Storing the same content twice yields the same id; the result names this uploader.
  [[nodiscard]] virtual base::Result<Attachment> Put(std::string_view bytes,
                                                     const std::string& content_type,
                                                     int64_t uploaded_by, base::TimeMs now) = 0;
  [[nodiscard]] virtual base::Result<std::optional<Attachment>> Find(const std::string& id) = 0;
  [[nodiscard]] virtual base::Result<std::string> ReadBytes(const std::string& id) = 0;
  // True when `user_id` uploaded these bytes (the same photo may be uploaded by several people).
  [[nodiscard]] virtual base::Result<bool> UploadedBy(const std::string& id, int64_t user_id) = 0;
};

}  // namespace civicgrid::cases
