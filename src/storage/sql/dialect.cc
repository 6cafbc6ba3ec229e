#include "storage/sql/dialect.h"

namespace civicgrid::storage::sql {

std::string Rewrite(Dialect dialect, std::string_view sql) {
  if (dialect == Dialect::kSqlite) return std::string(sql);
  std::string out;
  out.reserve(sql.size() + 16);
  char quote = 0;
  int n = 0;
  for (char ch : sql) {
    if (quote != 0) {
      if (ch == quote) quote = 0;  // a doubled quote closes and reopens: same result
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

DatabaseUrl ParseDatabaseUrl(const std::string& value) {
  if (value.rfind("postgresql://", 0) == 0 || value.rfind("postgres://", 0) == 0) {
    return {Dialect::kPostgres, value};
  }
  constexpr std::string_view kSqlite = "sqlite://";
  if (value.rfind(kSqlite, 0) == 0) return {Dialect::kSqlite, value.substr(kSqlite.size())};
  return {Dialect::kSqlite, value};
}

std::string InList(size_t n) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out + ")";
}

}  // namespace civicgrid::storage::sql
