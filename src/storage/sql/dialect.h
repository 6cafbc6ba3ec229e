// The one SQL dialect helper: repositories write each statement once, with `?` placeholders, in
// the subset of SQL that SQLite 3.40 and PostgreSQL 15 both accept (INSERT … ON CONFLICT … DO
// UPDATE / DO NOTHING, RETURNING, ||, CAST(… AS TEXT)); the helper adapts what still differs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace civicgrid::storage::sql {

enum class Dialect { kSqlite, kPostgres };

// Rewrites `?` placeholders to what the dialect expects: unchanged for SQLite, `$1…$n` for
// PostgreSQL. A `?` inside a quoted literal ('…') or identifier ("…") is left alone.
std::string Rewrite(Dialect dialect, std::string_view sql);

// "(?,?,…)" with n placeholders, for IN lists.
std::string InList(size_t n);

// Which engine a --db value names: postgresql:// or postgres:// URLs are PostgreSQL; a file path
// or sqlite://PATH is SQLite (PATH returned in `target`).
struct DatabaseUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string target;  // the SQLite file path, or the libpq connection URL
};
DatabaseUrl ParseDatabaseUrl(const std::string& value);

}  // namespace civicgrid::storage::sql
