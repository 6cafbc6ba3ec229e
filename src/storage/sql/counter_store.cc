#include "storage/sql/counter_store.h"

namespace civicgrid::storage::sql {

base::Result<int64_t> SqlCounterStore::Add(const std::string& key, base::TimeMs window_start,
                                           int64_t n, base::TimeMs forget_before) {
  return db_.With<int64_t>(true, [&](Db& db) {
    Stmt old(db, "DELETE FROM rate_counters WHERE key = ? AND window_start < ?");
    Binder(old, 1)(key)(forget_before);
    old.Run();
    Stmt s(db,
           "INSERT INTO rate_counters (key, window_start, count) VALUES (?, ?, ?) "
           "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + "
           "excluded.count RETURNING count");
    Binder(s, 1)(key)(window_start)(n);
    if (!s.Step()) throw DbError(base::Code::kInternal, "no count");
    const int64_t count = s.Int(0);
    s.Reset();
    return count;
  });
}

base::Result<int64_t> SqlCounterStore::Count(const std::string& key, base::TimeMs window_start) {
  return db_.With<int64_t>(false, [&](Db& db) {
    Stmt s(db, "SELECT count FROM rate_counters WHERE key = ? AND window_start = ?");
    Binder(s, 1)(key)(window_start);
    return s.Step() ? s.Int(0) : int64_t{0};
  });
}

base::Status SqlCounterStore::Clear(const std::string& key) {
  return db_.With<void>(true, [&](Db& db) {
    Stmt s(db, "DELETE FROM rate_counters WHERE key = ?");
    Binder(s, 1)(key);
    s.Run();
  });
}

}  // namespace civicgrid::storage::sql
