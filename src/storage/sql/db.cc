#include "storage/sql/db.h"

#include <algorithm>

namespace civicgrid::storage::sql {

Stmt::Stmt(Db& db, std::string_view sql) : db_(db), sql_(sql), impl_(db.Acquire(sql_, owned_)) {}

Stmt::~Stmt() {
  if (!owned_) db_.Release(sql_, impl_);
}

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

StmtImpl* Db::Acquire(const std::string& sql, std::unique_ptr<StmtImpl>& owned) {
  Cached& c = cache_[sql];
  if (c.in_use) {  // the same statement twice at once: a private copy
    owned = conn_->Prepare(Rewrite(GetDialect(), sql));
    return owned.get();
  }
  if (!c.stmt) c.stmt = conn_->Prepare(Rewrite(GetDialect(), sql));
  c.in_use = true;
  return c.stmt.get();
}

void Db::Release(const std::string& sql, StmtImpl* stmt) {
  stmt->Reset();
  auto it = cache_.find(sql);
  if (it != cache_.end()) it->second.in_use = false;
}

void Db::WaitDurable(uint64_t seq) {
  std::unique_lock lock(sync_mu_);
  while (synced_ < seq) {
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    syncing_ = true;
    uint64_t target = committed_.load();
    lock.unlock();
    try {
      conn_->SyncCommitted();
    } catch (...) {
      lock.lock();
      syncing_ = false;
      synced_cv_.notify_all();
      throw;
    }
    lock.lock();
    syncing_ = false;
    synced_ = std::max(synced_, target);
    synced_cv_.notify_all();
  }
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
