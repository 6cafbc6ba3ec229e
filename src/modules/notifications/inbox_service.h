// A user's inbox: list, unread count, mark read, and what is new since a live stream's last
// message. Every user sees only the notifications addressed to them, their department or their
// post in their area.
#pragma once

#include <vector>

#include "modules/access/actor.h"
#include "modules/notifications/notification.h"

namespace civicgrid::notifications {

struct InboxPage {
  std::vector<Notification> items;
  int64_t unread = 0;  // up to kUnreadCap
  int64_t latest_id = 0;
};

// Thread-safe.
class InboxService {
 public:
  explicit InboxService(NotificationRepository& repo) : repo_(repo) {}

  [[nodiscard]] base::Result<InboxPage> List(const access::Actor& actor, bool unread_only,
                                             int64_t before_id, int limit);
  [[nodiscard]] base::Result<int64_t> Unread(const access::Actor& actor);
  [[nodiscard]] base::Result<int64_t> LatestId(const access::Actor& actor);
  // At most `limit` notifications newer than `after_id`, oldest first.
  [[nodiscard]] base::Result<std::vector<Notification>> Since(const access::Actor& actor,
                                                              int64_t after_id, int limit);
  // `ids` empty with `all`: everything up to the newest.
  [[nodiscard]] base::Status MarkRead(const access::Actor& actor, const std::vector<int64_t>& ids,
                                      bool all);

 private:
  NotificationRepository& repo_;
};

}  // namespace civicgrid::notifications
