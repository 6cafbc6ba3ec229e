// A thin RAII layer over one SQLite connection: prepared statements, transactions, and the
// translation of SQLite failures into Status codes. Failures inside the adapter are thrown as
// DbError and turned into Results at each repository method's edge (see Guard).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/status.h"

namespace civicgrid::storage::sqlite {

class DbError : public std::runtime_error {
 public:
  DbError(base::Code code, const std::string& what) : std::runtime_error(what), code_(code) {}
  base::Code StatusCode() const { return code_; }

 private:
  base::Code code_;
};

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds are 1-based, as in SQLite.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::optional<int64_t>& v);
  Stmt& BindNull(int i);
  // Steps once: true when a row is available.
  bool Step();
  // Steps to completion (for writes).
  void Run();
  void Reset();

  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;
  std::optional<int64_t> OptInt(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Binds consecutive parameters: Binder(s, 1)(a)(b)(c).
class Binder {
 public:
  Binder(Stmt& s, int first) : s_(s), i_(first) {}
  Binder& operator()(int64_t v) {
    return Apply([&](int i) { s_.Bind(i, v); });
  }
  Binder& operator()(double v) {
    return Apply([&](int i) { s_.Bind(i, v); });
  }
  Binder& operator()(std::string_view v) {
    return Apply([&](int i) { s_.Bind(i, v); });
  }
  Binder& operator()(const std::string& v) { return (*this)(std::string_view(v)); }
  Binder& operator()(const char* v) { return (*this)(std::string_view(v)); }
  Binder& operator()(const std::optional<int64_t>& v) {
    return Apply([&](int i) { s_.Bind(i, v); });
  }
  int Next() const { return i_; }

 private:
  template <typename F>
  Binder& Apply(F&& f) {
    f(i_);
    ++i_;
    return *this;
  }
  Stmt& s_;
  int i_;
};

// One connection, serialized by a mutex: SQLite in WAL mode with synchronous=FULL, so a commit
// that returned is on disk.
class Db {
 public:
  [[nodiscard]] static base::Result<std::unique_ptr<Db>> Open(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs `fn(db)` holding the connection: inside BEGIN IMMEDIATE / COMMIT when `write`, rolled
  // back when fn throws. DbError and std::exception become an Error.
  template <typename T, typename F>
  base::Result<T> With(bool write, F&& fn);

  sqlite3* Raw() { return db_; }
  void Exec(std::string_view sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::mutex mu_;
};

base::Error ErrorFromException();

template <typename T, typename F>
base::Result<T> Db::With(bool write, F&& fn) {
  std::lock_guard lock(mu_);
  try {
    if (write) Exec("BEGIN IMMEDIATE");
    try {
      if constexpr (std::is_void_v<T>) {
        fn(*this);
        if (write) Exec("COMMIT");
        return {};
      } else {
        T out = fn(*this);
        if (write) Exec("COMMIT");
        return out;
      }
    } catch (...) {
      if (write) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  } catch (...) {
    return tl::unexpected(ErrorFromException());
  }
}

}  // namespace civicgrid::storage::sqlite
