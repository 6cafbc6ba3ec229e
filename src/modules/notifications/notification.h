// In-app notifications (站内消息): what a user's inbox holds. The case workflow writes them with
// the event that caused them (cases/notices.h), addressed to audiences (access/audience.h); this
// module reads an inbox and keeps what each user has read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace civicgrid::notifications {

struct Notification {
  int64_t id = 0;
  std::string district_code;
  int64_t case_id = 0;
  std::string case_number;
  std::string event_action;  // the case event that caused it
  std::string kind;          // new_case, task, warning, supervised, callback …
  std::string text;
  base::TimeMs created_at = 0;
  bool read = false;
};

// Unread counts stop here: an inbox shows "99+" beyond it.
inline constexpr int64_t kUnreadCap = 100;

// Storage; implementations are thread-safe. `audiences` are the reader's (AudiencesOf).
class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  // Newest first, with ids below `before_id` (0 = from the newest), read flags filled.
  [[nodiscard]] virtual base::Result<std::vector<Notification>> List(
      const std::vector<std::string>& audiences, int64_t user_id, bool unread_only,
      int64_t before_id, int limit) = 0;
  // Oldest first, ids above `after_id`: what a live stream has not sent yet.
  [[nodiscard]] virtual base::Result<std::vector<Notification>> ListAfter(
      const std::vector<std::string>& audiences, int64_t user_id, int64_t after_id, int limit) = 0;
  // Unread, counted up to kUnreadCap.
  [[nodiscard]] virtual base::Result<int64_t> CountUnread(const std::vector<std::string>& audiences,
                                                          int64_t user_id) = 0;
  [[nodiscard]] virtual base::Result<int64_t> LatestId(
      const std::vector<std::string>& audiences) = 0;
  // Marks the given notifications read; ids outside the audiences are ignored.
  [[nodiscard]] virtual base::Status MarkRead(const std::vector<std::string>& audiences,
                                              int64_t user_id, const std::vector<int64_t>& ids) = 0;
  // Marks everything up to `up_to_id` read.
  [[nodiscard]] virtual base::Status MarkAllRead(int64_t user_id, int64_t up_to_id) = 0;
};

}  // namespace civicgrid::notifications
