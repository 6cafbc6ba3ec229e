// The backend-neutral statement layer every repository is written against: one connection
// (SQLite or PostgreSQL) behind a mutex, prepared statements with `?` placeholders, transactions,
// and the translation of engine failures into Status codes. Failures inside the adapter are thrown
// as DbError and turned into Results at each repository method's edge (Db::With).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "storage/sql/dialect.h"

namespace civicgrid::storage::sql {

class DbError : public std::runtime_error {
 public:
  DbError(base::Code code, const std::string& what) : std::runtime_error(what), code_(code) {}
  base::Code StatusCode() const { return code_; }

 private:
  base::Code code_;
};

// One prepared statement of an engine. Indexes: binds 1-based, columns 0-based. Not thread-safe:
// used only while its Db's mutex is held. A Db keeps each statement for reuse.
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual void BindInt(int i, int64_t v) = 0;
  virtual void BindDouble(int i, double v) = 0;
  virtual void BindText(int i, std::string_view v) = 0;
  virtual void BindNull(int i) = 0;
  // Runs the statement on the first call after binding; true while a row is available.
  virtual bool Step() = 0;
  // Back to before the first Step, bindings cleared.
  virtual void Reset() = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  // Rows inserted, updated or deleted by the statement's last run.
  virtual int64_t Changes() const = 0;
};

// One connection to an engine. Not thread-safe: Db serializes every use.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect GetDialect() const = 0;
  // Runs one or more statements without parameters (schema, transaction control).
  virtual void Exec(std::string_view sql) = 0;
  // `sql` is in the engine's own placeholder syntax (Stmt rewrites `?` with Rewrite).
  virtual std::unique_ptr<StmtImpl> Prepare(std::string_view sql) = 0;
  // BEGIN for a write transaction: SQLite takes the write lock at once (BEGIN IMMEDIATE).
  virtual void Begin() = 0;
  // Best effort, never throws: the transaction is abandoned either way.
  virtual void Rollback() noexcept = 0;
  // Makes every transaction committed so far durable. Engines whose COMMIT is already durable do
  // nothing. Called WITHOUT the Db's mutex, by one thread at a time, concurrently with other
  // transactions: many commits share one sync (group commit). Throws DbError when the sync fails.
  virtual void SyncCommitted() {}
  // Bulk loading: runs `copy_sql` (COPY … FROM STDIN) and sends `data`, rows in COPY's text
  // format. Engines without COPY throw (kInternal).
  virtual void CopyIn(std::string_view copy_sql, std::string_view data) {
    (void)copy_sql;
    (void)data;
    throw DbError(base::Code::kInternal, "this engine has no COPY");
  }
};

class Db;

// A statement prepared on a Db, written with `?` placeholders for every engine; valid while the
// Db's mutex is held (inside Db::With).
class Stmt {
 public:
  Stmt(Db& db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::optional<int64_t>& v);
  Stmt& BindNull(int i);
  // Steps once: true when a row is available.
  bool Step() { return impl_->Step(); }
  // Steps to completion (for writes).
  void Run();
  void Reset() { impl_->Reset(); }
  int64_t Changes() const { return impl_->Changes(); }

  int64_t Int(int col) const { return impl_->Int(col); }
  double Double(int col) const { return impl_->Double(col); }
  std::string Text(int col) const { return impl_->Text(col); }
  bool IsNull(int col) const { return impl_->IsNull(col); }
  std::optional<int64_t> OptInt(int col) const;

 private:
  Db& db_;
  std::string sql_;
  StmtImpl* impl_;
  std::unique_ptr<StmtImpl> owned_;  // when the cached statement was already in use
};

// Binds consecutive parameters: Binder(s, 1)(a)(b)(c).
class Binder {
 public:
  Binder(Stmt& s, int first) : s_(s), i_(first) {}
  Binder& operator()(int64_t v) {
    s_.Bind(i_++, v);
    return *this;
  }
  Binder& operator()(double v) {
    s_.Bind(i_++, v);
    return *this;
  }
  Binder& operator()(std::string_view v) {
    s_.Bind(i_++, v);
    return *this;
  }
  Binder& operator()(const std::string& v) { return (*this)(std::string_view(v)); }
  Binder& operator()(const char* v) { return (*this)(std::string_view(v)); }
  Binder& operator()(const std::optional<int64_t>& v) {
    s_.Bind(i_++, v);
    return *this;
  }
  int Next() const { return i_; }

 private:
  Stmt& s_;
  int i_;
};

// One connection, serialized by a mutex. Thread-safe. A write that returned is durable: after its
// COMMIT the writer releases the connection and waits for a sync that covers its commit, which
// one waiting writer performs for all of them (group commit; SQLite fsyncs its write-ahead log,
// PostgreSQL's COMMIT is itself durable with synchronous_commit on, the default).
class Db {
 public:
  explicit Db(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs `fn(db)` holding the connection: inside BEGIN / COMMIT when `write`, rolled back when fn
  // throws. DbError and std::exception become an Error.
  template <typename T, typename F>
  base::Result<T> With(bool write, F&& fn);

  Dialect GetDialect() const { return conn_->GetDialect(); }
  // Only while the mutex is held (inside With).
  Connection& Conn() { return *conn_; }
  void Exec(std::string_view sql) { conn_->Exec(sql); }

 private:
  friend class Stmt;
  struct Cached {
    std::unique_ptr<StmtImpl> stmt;
    bool in_use = false;
  };
  // Only while the mutex is held: the statement for `sql`, prepared once per Db.
  StmtImpl* Acquire(const std::string& sql, std::unique_ptr<StmtImpl>& owned);
  void Release(const std::string& sql, StmtImpl* stmt);
  // Waits until commit number `seq` is durable, syncing for every waiter when nobody else is.
  void WaitDurable(uint64_t seq);

  std::unique_ptr<Connection> conn_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // guarded by mu_
  std::atomic<uint64_t> committed_{0};             // written under mu_

  std::mutex sync_mu_;
  std::condition_variable synced_cv_;
  uint64_t synced_ = 0;   // guarded by sync_mu_
  bool syncing_ = false;  // guarded by sync_mu_
};

// The Error for the exception being handled; call only inside a catch block.
base::Error ErrorFromException();

template <typename T, typename F>
base::Result<T> Db::With(bool write, F&& fn) {
  using Stored = std::conditional_t<std::is_void_v<T>, bool, T>;
  std::optional<Stored> out;
  uint64_t seq = 0;
  try {
    std::lock_guard lock(mu_);
    if (write) conn_->Begin();
    try {
      if constexpr (std::is_void_v<T>) {
        fn(*this);
        out.emplace(true);
      } else {
        out.emplace(fn(*this));
      }
      if (write) {
        conn_->Exec("COMMIT");
        seq = ++committed_;
      }
    } catch (...) {
      if (write) conn_->Rollback();
      throw;
    }
  } catch (...) {
    return tl::unexpected(ErrorFromException());
  }
  if (write) {
    try {
      WaitDurable(seq);
    } catch (...) {
      return tl::unexpected(ErrorFromException());
    }
  }
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*out);
  }
}

}  // namespace civicgrid::storage::sql
