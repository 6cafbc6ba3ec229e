// The LeaderLease of each engine. PostgreSQL: pg_try_advisory_lock on a connection of its own,
// held for as long as that session lives (a crashed leader's lock goes with its connection).
// SQLite: a row in `leases` renewed on every Hold and taken over when it has expired.
#pragma once

#include <memory>
#include <string>

#include "base/leader_lease.h"
#include "base/status.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

// `database` is the --db value the Db was opened with; `name` tells leases apart.
[[nodiscard]] base::Result<std::unique_ptr<base::LeaderLease>> MakeLeaderLease(
    const std::string& database, Db& db, const std::string& name);

}  // namespace civicgrid::storage::sql
