// The SQLite engine behind the neutral statement layer: one sqlite3 handle in WAL mode with
// synchronous=NORMAL and a group-commit sync of the log (a write the Db acknowledged is on disk),
// foreign keys on, a busy timeout.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::sqlite {

// Opens (creating) the database file at `path`; kUnavailable when it cannot be opened.
[[nodiscard]] base::Result<std::unique_ptr<sql::Connection>> Connect(const std::string& path);

}  // namespace civicgrid::storage::sqlite
