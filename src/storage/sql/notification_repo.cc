#include "storage/sql/notification_repo.h"

#include <algorithm>
#include <limits>

namespace civicgrid::storage::sql {
namespace {

using notifications::Notification;

// "read" is 1 when the notice lies at or below the user's cursor or carries a single mark.
constexpr const char* kRead =
    "(n.id <= COALESCE((SELECT read_up_to FROM notification_cursors WHERE user_id = ?), 0) OR "
    "EXISTS (SELECT 1 FROM notification_reads r WHERE r.user_id = ? AND r.notification_id = "
    "n.id))";

std::vector<Notification> Query(Db& db, const std::vector<std::string>& audiences, int64_t user_id,
                                const std::string& where, int64_t bound, const char* order,
                                int limit) {
  Stmt s(db, std::string("SELECT n.id, n.district_code, n.case_id, n.case_number, "
                         "n.event_action, n.kind, n.text, n.created_at, CASE WHEN ") +
                 kRead + " THEN 1 ELSE 0 END FROM notifications n WHERE n.audience IN " +
                 InList(audiences.size()) + where + " ORDER BY n.id " + order + " LIMIT ?");
  Binder b(s, 1);
  b(user_id)(user_id);
  for (const auto& a : audiences) b(a);
  b(bound);
  if (where.find(kRead) != std::string::npos) b(user_id)(user_id);
  b(int64_t{limit});
  std::vector<Notification> out;
  while (s.Step()) {
    Notification n;
    n.id = s.Int(0);
    n.district_code = s.Text(1);
    n.case_id = s.Int(2);
    n.case_number = s.Text(3);
    n.event_action = s.Text(4);
    n.kind = s.Text(5);
    n.text = s.Text(6);
    n.created_at = s.Int(7);
    n.read = s.Int(8) != 0;
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

base::Result<std::vector<Notification>> SqlNotificationRepository::List(
    const std::vector<std::string>& audiences, int64_t user_id, bool unread_only, int64_t before_id,
    int limit) {
  return db_.With<std::vector<Notification>>(false, [&](Db& db) {
    if (audiences.empty()) return std::vector<Notification>{};
    std::string where = " AND n.id < ?";
    if (unread_only) where += std::string(" AND NOT ") + kRead;
    return Query(db, audiences, user_id, where,
                 before_id > 0 ? before_id : std::numeric_limits<int64_t>::max(), "DESC", limit);
  });
}

base::Result<std::vector<Notification>> SqlNotificationRepository::ListAfter(
    const std::vector<std::string>& audiences, int64_t user_id, int64_t after_id, int limit) {
  return db_.With<std::vector<Notification>>(false, [&](Db& db) {
    if (audiences.empty()) return std::vector<Notification>{};
    return Query(db, audiences, user_id, " AND n.id > ?", after_id, "ASC", limit);
  });
}

base::Result<int64_t> SqlNotificationRepository::CountUnread(
    const std::vector<std::string>& audiences, int64_t user_id) {
  return db_.With<int64_t>(false, [&](Db& db) -> int64_t {
    if (audiences.empty()) return 0;
    // Only ids above the user's cursor can be unread: the index range starts there.
    Stmt s(db, std::string("SELECT count(*) FROM (SELECT n.id FROM notifications n WHERE "
                           "n.audience IN ") +
                   InList(audiences.size()) +
                   " AND n.id > COALESCE((SELECT read_up_to FROM notification_cursors WHERE "
                   "user_id = ?), 0) AND NOT " +
                   kRead + " LIMIT ?) AS unread");
    Binder b(s, 1);
    for (const auto& a : audiences) b(a);
    b(user_id)(user_id)(user_id)(notifications::kUnreadCap);
    return s.Step() ? s.Int(0) : 0;
  });
}

base::Result<int64_t> SqlNotificationRepository::LatestId(
    const std::vector<std::string>& audiences) {
  return db_.With<int64_t>(false, [&](Db& db) -> int64_t {
    int64_t latest = 0;
    // One indexed lookup per audience: the newest entry of each (audience, id) range.
    Stmt s(db, "SELECT max(id) FROM notifications WHERE audience = ?");
    for (const auto& a : audiences) {
      s.Reset();
      s.Bind(1, a);
      if (s.Step() && !s.IsNull(0)) latest = std::max(latest, s.Int(0));
    }
    return latest;
  });
}

base::Status SqlNotificationRepository::MarkRead(const std::vector<std::string>& audiences,
                                                 int64_t user_id, const std::vector<int64_t>& ids) {
  return db_.With<void>(true, [&](Db& db) {
    if (audiences.empty()) return;
    Stmt s(db,
           "INSERT INTO notification_reads (user_id, notification_id) SELECT ?, id FROM "
           "notifications WHERE id = ? AND audience IN " +
               InList(audiences.size()) + " ON CONFLICT DO NOTHING");
    for (int64_t id : ids) {
      s.Reset();
      Binder b(s, 1);
      b(user_id)(id);
      for (const auto& a : audiences) b(a);
      s.Run();
    }
  });
}

base::Status SqlNotificationRepository::MarkAllRead(int64_t user_id, int64_t up_to_id) {
  return db_.With<void>(true, [&](Db& db) {
    Stmt cursor(db,
                "INSERT INTO notification_cursors (user_id, read_up_to) VALUES (?, ?) ON "
                "CONFLICT (user_id) DO UPDATE SET read_up_to = CASE WHEN "
                "notification_cursors.read_up_to > excluded.read_up_to THEN "
                "notification_cursors.read_up_to ELSE excluded.read_up_to END");
    Binder(cursor, 1)(user_id)(up_to_id);
    cursor.Run();
    Stmt drop(db, "DELETE FROM notification_reads WHERE user_id = ? AND notification_id <= ?");
    Binder(drop, 1)(user_id)(up_to_id);
    drop.Run();
  });
}

}  // namespace civicgrid::storage::sql
