// NotificationRepository on the neutral SQL layer. The workflow writes the rows (case_repo.cc);
// this reads inboxes and keeps read marks: a per-user cursor plus single marks above it.
#pragma once

#include "modules/notifications/notification.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class SqlNotificationRepository final : public notifications::NotificationRepository {
 public:
  explicit SqlNotificationRepository(Db& db) : db_(db) {}
  base::Result<std::vector<notifications::Notification>> List(
      const std::vector<std::string>& audiences, int64_t user_id, bool unread_only,
      int64_t before_id, int limit) override;
  base::Result<std::vector<notifications::Notification>> ListAfter(
      const std::vector<std::string>& audiences, int64_t user_id, int64_t after_id,
      int limit) override;
  base::Result<int64_t> CountUnread(const std::vector<std::string>& audiences,
                                    int64_t user_id) override;
  base::Result<int64_t> LatestId(const std::vector<std::string>& audiences) override;
  base::Status MarkRead(const std::vector<std::string>& audiences, int64_t user_id,
                        const std::vector<int64_t>& ids) override;
  base::Status MarkAllRead(int64_t user_id, int64_t up_to_id) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
