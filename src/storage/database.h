// Opening the database a --db value names (a SQLite file or a PostgreSQL URL), bringing its schema
// up to date, and, for a fresh demo, emptying it first.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "storage/sql/db.h"

namespace civicgrid::storage {

struct OpenOptions {
  // Drop every table before migrating (PostgreSQL: the public schema is recreated). A SQLite
  // file is reset by removing it before opening, which is the caller's business.
  bool reset = false;
  // Connections for reads beside the one that writes (0: the writer reads too).
  int readers = 4;
};

// Connects to `db` (see sql::ParseDatabaseUrl) and applies the dialect's pending migrations,
// recording each in schema_migrations; idempotent. kUnavailable when the engine is unreachable.
[[nodiscard]] base::Result<std::unique_ptr<sql::Db>> OpenDatabase(const std::string& db,
                                                                  const OpenOptions& options);

}  // namespace civicgrid::storage
