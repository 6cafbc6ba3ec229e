#include "storage/sql/db.h"

namespace civicgrid::storage::sql {

Stmt::Stmt(Db& db, std::string_view sql)
    : impl_(db.Conn().Prepare(Rewrite(db.GetDialect(), sql))) {}

Stmt& Stmt::Bind(int i, int64_t v) {
  impl_->BindInt(i, v);
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  impl_->BindDouble(i, v);
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  impl_->BindText(i, v);
  return *this;
}

Stmt& Stmt::Bind(int i, const std::optional<int64_t>& v) { return v ? Bind(i, *v) : BindNull(i); }

Stmt& Stmt::BindNull(int i) {
  impl_->BindNull(i);
  return *this;
}

void Stmt::Run() {
  while (Step()) {
  }
}

std::optional<int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

base::Error ErrorFromException() {
  try {
    throw;
  } catch (const DbError& e) {
    return base::Error{e.StatusCode(), e.what(), {}, {}};
  } catch (const std::exception& e) {
    return base::Error{base::Code::kInternal, e.what(), {}, {}};
  }
}

}  // namespace civicgrid::storage::sql
