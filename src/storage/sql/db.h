// The backend-neutral statement layer every repository is written against: one connection
// (SQLite or PostgreSQL) behind a mutex, prepared statements with `?` placeholders, transactions,
// and the translation of engine failures into Status codes. Failures inside the adapter are thrown
// as DbError and turned into Results at each repository method's edge (Db::With).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
  // True while a transaction is open (also one that failed and awaits ROLLBACK TO a savepoint):
  // false after an error made the engine abandon the whole transaction.
  virtual bool InTransaction() const = 0;
  // Makes every transaction committed so far durable. Engines whose COMMIT is already durable do
  // nothing. Called WITHOUT the Db's mutex, by one thread at a time, concurrently with reads.
  // Throws DbError when the sync fails.
  virtual void SyncCommitted() {}
  // fsyncs the database file itself where the engine has one (SQLite), for data written without
  // syncs (the bulk loader). Throws DbError on failure.
  virtual void SyncDatabaseFile() {}
  // Bulk loading: runs `copy_sql` (COPY … FROM STDIN) and sends `data`, rows in COPY's text
  // format. Engines without COPY throw (kInternal).
  virtual void CopyIn(std::string_view copy_sql, std::string_view data) {
    (void)copy_sql;
    (void)data;
    throw DbError(base::Code::kInternal, "this engine has no COPY");
  }
};

class Db;

// A statement prepared on a Db, written with `?` placeholders for every engine; only inside
// Db::With, on that With's connection.
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
  std::unique_ptr<StmtImpl> owned_;  // when the cached statement was already in use
  StmtImpl* impl_;                   // after owned_: Acquire may fill owned_
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

// One connection, serialized by a mutex. Thread-safe. A write that returned is durable.
//
// Writes are group-committed: a writer queues its work, and whichever writer finds nobody
// committing becomes the leader and runs every queued write (up to kMaxBatch) in one
// transaction, each inside its own savepoint so that a failing write undoes only itself, and
// commits once. Then every writer of the batch waits for a sync that covers its commit, which one
// of the waiters performs for all (SQLite fsyncs its write-ahead log; PostgreSQL's COMMIT is
// itself durable), while the next batch already runs. Under load the writes that arrive while
// one batch runs form the next batch; alone, a write is a batch of one. Writes of one batch see
// each other as if run one after another.
class Db {
 public:
  static constexpr size_t kMaxBatch = 256;

  // `writer` runs every write (and the reads when there are no `readers`); each of `readers` runs
  // reads concurrently with the writer and each other (SQLite: WAL readers see the last commit;
  // PostgreSQL: separate sessions).
  explicit Db(std::unique_ptr<Connection> writer,
              std::vector<std::unique_ptr<Connection>> readers = {});
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs `fn(db)` on a connection of its own: when `write`, in a (group-committed) transaction
  // and undone when fn throws; else on a free reader. DbError and std::exception become an
  // Error. Not re-entrant: fn must not call With.
  template <typename T, typename F>
  base::Result<T> With(bool write, F&& fn);
  // Runs `fn(db)` on the writing connection outside any transaction that Db opens (migrations,
  // bulk loading and other work that manages its own transactions or changes the connection).
  template <typename T, typename F>
  base::Result<T> Exclusive(F&& fn);

  Dialect GetDialect() const { return writer_->conn->GetDialect(); }
  // SQL each write transaction runs first, before its tasks (set once, before any write): on
  // PostgreSQL it takes the audit log's tip, so that every process locks the tip before any case
  // row and two batches cannot deadlock on them (storage/database.cc).
  void SetWritePrologue(std::string sql) { write_prologue_ = std::move(sql); }
  // The connection of the With running on this thread.
  Connection& Conn() { return *Current().conn; }
  void Exec(std::string_view sql) { Current().conn->Exec(sql); }

 private:
  std::string write_prologue_;
  friend class Stmt;
  struct Cached {
    std::unique_ptr<StmtImpl> stmt;
    bool in_use = false;
  };
  // A connection with its lock and its prepared statements.
  struct Lane {
    std::unique_ptr<Connection> conn;
    std::mutex mu;
    std::unordered_map<std::string, Cached> cache;  // guarded by mu
  };
  struct WriteTask {
    const std::function<void(Db&)>* fn;
    base::Status status;
    bool done = false;    // run, and committed or failed
    uint64_t commit = 0;  // the commit that holds it (0: nothing committed)
  };
  // The lane of the With running on this thread.
  Lane& Current();
  // Only inside With: the statement for `sql` on the current lane, prepared once per lane.
  StmtImpl* Acquire(const std::string& sql, std::unique_ptr<StmtImpl>& owned);
  void Release(const std::string& sql, StmtImpl* stmt);
  // Runs `fn` for a read on a free reader (or the writer when there is none, or `on_writer`).
  base::Status RunRead(const std::function<void(Db&)>& fn, bool on_writer = false);
  // Runs `fn` through `run` (RunRead or RunWrite) and returns what fn returned, or the error.
  template <typename T, typename F, typename Run>
  base::Result<T> Collect(F&& fn, Run&& run);
  // Queues `fn` and returns once it is committed and durable, or failed.
  base::Status RunWrite(const std::function<void(Db&)>& fn);
  // The leader's work: runs `batch` in one transaction (two when the engine abandons the first)
  // and sets each task's status. Returns the commit number that covers it, 0 when nothing was
  // committed.
  uint64_t RunBatch(const std::vector<WriteTask*>& batch);
  // Waits until commit number `commit` is durable, syncing for every waiter when nobody else is
  // (group commit). Throws DbError when the sync fails.
  void WaitDurable(uint64_t commit);

  std::unique_ptr<Lane> writer_;
  std::vector<std::unique_ptr<Lane>> readers_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<Lane*> free_readers_;  // guarded by readers_mu_

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<WriteTask*> queue_;        // guarded by queue_mu_
  bool leading_ = false;                // guarded by queue_mu_: a leader is running a batch
  std::atomic<uint64_t> committed_{0};  // commits so far (written under the writer's mutex)

  std::mutex sync_mu_;
  std::condition_variable synced_cv_;
  uint64_t synced_ = 0;                    // guarded by sync_mu_: commits known durable
  bool syncing_ = false;                   // guarded by sync_mu_
  std::optional<base::Error> sync_error_;  // guarded by sync_mu_: set for good by a failed sync
};

// The Error for the exception being handled; call only inside a catch block.
base::Error ErrorFromException();

template <typename T, typename F, typename Run>
base::Result<T> Db::Collect(F&& fn, Run&& run) {
  using Stored = std::conditional_t<std::is_void_v<T>, bool, T>;
  std::optional<Stored> out;
  const std::function<void(Db&)> work = [&](Db& db) {
    if constexpr (std::is_void_v<T>) {
      fn(db);
      out.emplace(true);
    } else {
      out.emplace(fn(db));
    }
  };
  if (auto st = run(work); !st) return tl::unexpected(st.error());
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*out);
  }
}

template <typename T, typename F>
base::Result<T> Db::With(bool write, F&& fn) {
  return Collect<T>(std::forward<F>(fn), [&](const std::function<void(Db&)>& work) {
    return write ? RunWrite(work) : RunRead(work);
  });
}

template <typename T, typename F>
base::Result<T> Db::Exclusive(F&& fn) {
  return Collect<T>(std::forward<F>(fn),
                    [&](const std::function<void(Db&)>& work) { return RunRead(work, true); });
}

}  // namespace civicgrid::storage::sql
