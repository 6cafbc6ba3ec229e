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

namespace {
thread_local void* current_lane = nullptr;  // the Db::Lane of the With running on this thread

// Sets the current lane for a scope.
class LaneScope {
 public:
  explicit LaneScope(void* lane) : previous_(current_lane) { current_lane = lane; }
  ~LaneScope() { current_lane = previous_; }
  LaneScope(const LaneScope&) = delete;
  LaneScope& operator=(const LaneScope&) = delete;

 private:
  void* previous_;
};
}  // namespace

Db::Db(std::unique_ptr<Connection> writer, std::vector<std::unique_ptr<Connection>> readers)
    : writer_(std::make_unique<Lane>()) {
  writer_->conn = std::move(writer);
  for (auto& r : readers) {
    auto lane = std::make_unique<Lane>();
    lane->conn = std::move(r);
    free_readers_.push_back(lane.get());
    readers_.push_back(std::move(lane));
  }
}

Db::Lane& Db::Current() {
  if (current_lane == nullptr) throw DbError(base::Code::kInternal, "no connection outside With");
  return *static_cast<Lane*>(current_lane);
}

StmtImpl* Db::Acquire(const std::string& sql, std::unique_ptr<StmtImpl>& owned) {
  Lane& lane = Current();
  Cached& c = lane.cache[sql];
  if (c.in_use) {  // the same statement twice at once: a private copy
    owned = lane.conn->Prepare(Rewrite(GetDialect(), sql));
    return owned.get();
  }
  if (!c.stmt) c.stmt = lane.conn->Prepare(Rewrite(GetDialect(), sql));
  c.in_use = true;
  return c.stmt.get();
}

void Db::Release(const std::string& sql, StmtImpl* stmt) {
  stmt->Reset();
  Lane& lane = Current();
  auto it = lane.cache.find(sql);
  if (it != lane.cache.end()) it->second.in_use = false;
}

base::Status Db::RunRead(const std::function<void(Db&)>& fn, bool on_writer) {
  Lane* lane = nullptr;
  if (readers_.empty() || on_writer) {
    lane = writer_.get();
  } else {
    std::unique_lock lock(readers_mu_);
    readers_cv_.wait(lock, [&] { return !free_readers_.empty(); });
    lane = free_readers_.back();
    free_readers_.pop_back();
  }
  base::Status status = base::Ok();
  {
    std::lock_guard lock(lane->mu);
    LaneScope scope(lane);
    try {
      fn(*this);
    } catch (...) {
      status = tl::unexpected(ErrorFromException());
    }
  }
  if (lane != writer_.get()) {
    std::lock_guard lock(readers_mu_);
    free_readers_.push_back(lane);
    readers_cv_.notify_one();
  }
  return status;
}

base::Status Db::RunWrite(const std::function<void(Db&)>& fn) {
  WriteTask task{&fn, base::Ok(), false};
  {
    std::unique_lock lock(queue_mu_);
    queue_.push_back(&task);
    while (!task.done) {
      if (leading_) {
        queue_cv_.wait(lock);
        continue;
      }
      leading_ = true;
      std::vector<WriteTask*> batch;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      uint64_t seq = RunBatch(batch);
      lock.lock();
      for (auto* t : batch) {
        t->done = true;
        t->commit = seq;
      }
      leading_ = false;
      queue_cv_.notify_all();
    }
  }
  // The next batch may run while this one's commit is made durable.
  if (task.status && task.commit > 0) {
    try {
      WaitDurable(task.commit);
    } catch (...) {
      task.status = tl::unexpected(ErrorFromException());
    }
  }
  return task.status;
}

void Db::WaitDurable(uint64_t commit) {
  std::unique_lock lock(sync_mu_);
  while (synced_ < commit) {
    // A failed fsync may have dropped the pages it covered, and a second fsync would report
    // success for them (Linux forgets the error): after one failure no write is acknowledged
    // again; the process must be restarted (the log replays what reached the disk).
    if (sync_error_) throw DbError(sync_error_->code, sync_error_->message);
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    syncing_ = true;
    uint64_t target = committed_.load();
    lock.unlock();
    try {
      writer_->conn->SyncCommitted();
    } catch (...) {
      base::Error e = ErrorFromException();
      lock.lock();
      syncing_ = false;
      sync_error_ = base::Error{e.code,
                                "the database could not be synced to disk; restart the "
                                "server: " +
                                    e.message,
                                {},
                                {}};
      synced_cv_.notify_all();
      throw DbError(sync_error_->code, sync_error_->message);
    }
    lock.lock();
    syncing_ = false;
    synced_ = std::max(synced_, target);
    synced_cv_.notify_all();
  }
}

uint64_t Db::RunBatch(const std::vector<WriteTask*>& batch) {
  bool any_committed = false;
  Connection* conn = writer_->conn.get();
  {
    std::lock_guard lock(writer_->mu);
    LaneScope scope(writer_.get());
    // Runs tasks [from, end) in one transaction; a task that fails is undone by its savepoint
    // (none for a batch of one: the rollback undoes it). Returns where an engine-abandoned
    // transaction stopped it, or batch.size().
    auto run = [&](size_t from) -> size_t {
      try {
        conn->Begin();
        if (!write_prologue_.empty()) conn->Exec(write_prologue_);
      } catch (...) {
        base::Error e = ErrorFromException();
        try {
          if (conn->InTransaction()) conn->Rollback();
        } catch (...) {
          // The connection is gone; the next Begin reports it.
        }
        for (size_t i = from; i < batch.size(); ++i) batch[i]->status = tl::unexpected(e);
        return batch.size();
      }
      const bool savepoints = batch.size() - from > 1;
      for (size_t i = from; i < batch.size(); ++i) {
        WriteTask* t = batch[i];
        try {
          if (savepoints) conn->Exec("SAVEPOINT w");
          (*t->fn)(*this);
          if (savepoints) conn->Exec("RELEASE w");
        } catch (...) {
          t->status = tl::unexpected(ErrorFromException());
          if (!savepoints || !conn->InTransaction()) {
            // The engine gave up the whole transaction (disk full, I/O error, lost
            // connection): what ran before this task in it is lost too.
            conn->Rollback();
            for (size_t k = from; k < i; ++k) batch[k]->status = t->status;
            return i + 1;
          }
          try {
            conn->Exec("ROLLBACK TO w");
            conn->Exec("RELEASE w");
          } catch (...) {
            conn->Rollback();
            for (size_t k = from; k < i; ++k) batch[k]->status = t->status;
            return i + 1;
          }
        }
      }
      try {
        conn->Exec("COMMIT");
        ++committed_;
        for (size_t k = from; k < batch.size(); ++k) any_committed |= bool(batch[k]->status);
      } catch (...) {
        base::Error e = ErrorFromException();
        conn->Rollback();
        for (size_t k = from; k < batch.size(); ++k) {
          if (batch[k]->status) batch[k]->status = tl::unexpected(e);
        }
      }
      return batch.size();
    };
    size_t next = 0;
    while (next < batch.size()) next = run(next);
  }
  if (!any_committed) return 0;
  return committed_.load();
}

base::Error ErrorFromException() {
  try {
    throw;
  } catch (const DbError& e) {
    return base::Error{e.StatusCode(), e.what(), {}, {}};
  } catch (const std::exception& e) {
    return base::Error{base::Code::kInternal, e.what(), {}, {}};
  } catch (...) {
    return base::Error{base::Code::kInternal, "unknown failure", {}, {}};
  }
}

}  // namespace civicgrid::storage::sql
