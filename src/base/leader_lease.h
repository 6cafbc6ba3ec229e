// Leadership among the serve processes of one database, for work that exactly one of them may do
// at a time (the scheduler). Implemented in storage/ (PostgreSQL: a session advisory lock;
// SQLite: a lease row).
#pragma once

namespace civicgrid::base {

class LeaderLease {
 public:
  virtual ~LeaderLease() = default;
  // True while this process leads. Call before each piece of leader-only work: it takes the
  // leadership when free, renews it while held, and drops it when the database connection that
  // carries it was lost. Never throws; false on any error.
  virtual bool Hold() = 0;
};

}  // namespace civicgrid::base
