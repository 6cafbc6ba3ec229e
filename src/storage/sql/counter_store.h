// limits::CounterStore on the neutral SQL layer: table rate_counters (migration 013).
#pragma once

#include "modules/limits/rate_limiter.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

class SqlCounterStore final : public limits::CounterStore {
 public:
  explicit SqlCounterStore(Db& db) : db_(db) {}
  base::Result<int64_t> Add(const std::string& key, base::TimeMs window_start, int64_t n,
                            base::TimeMs forget_before) override;
  base::Result<int64_t> Count(const std::string& key, base::TimeMs window_start) override;
  base::Status Clear(const std::string& key) override;

 private:
  Db& db_;
};

}  // namespace civicgrid::storage::sql
