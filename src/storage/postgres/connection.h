// The PostgreSQL engine behind the neutral statement layer: one libpq connection; each statement
// prepared once per session (PQprepare) and run with PQexecPrepared, parameters in text format.
// Engine failures map to Status codes: a lost connection is kUnavailable (the next use reconnects),
// a unique violation kConflict, a full disk kResourceExhausted.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "storage/sql/db.h"

namespace civicgrid::storage::postgres {

// Connects to `url` (postgresql://user@host:port/db…); kUnavailable when it cannot.
[[nodiscard]] base::Result<std::unique_ptr<sql::Connection>> Connect(const std::string& url);

}  // namespace civicgrid::storage::postgres
