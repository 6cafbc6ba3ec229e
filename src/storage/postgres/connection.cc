#include "storage/postgres/connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

namespace civicgrid::storage::postgres {
namespace {

// SQLSTATE → Status code (PostgreSQL 15 manual, appendix A).
base::Code CodeFor(const PGresult* res, PGconn* conn) {
  if (PQstatus(conn) != CONNECTION_OK) return base::Code::kUnavailable;
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (state == nullptr) return base::Code::kUnavailable;  // no reply from the server
  std::string_view s(state);
  if (s == "23505") return base::Code::kConflict;                  // unique_violation
  if (s == "40001" || s == "40P01") return base::Code::kConflict;  // serialization, deadlock
  if (s == "53100") return base::Code::kStorageFull;               // disk_full
  if (s.substr(0, 2) == "08" || s.substr(0, 2) == "57") return base::Code::kUnavailable;
  if (s == "22021") return base::Code::kInvalidArgument;  // not valid UTF-8
  return base::Code::kInternal;
}

[[noreturn]] void Throw(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string msg = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  throw sql::DbError(CodeFor(res, conn), "postgres " + std::string(what) + ": " + msg);
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// The server session a connection holds, with the statements prepared in it: one server-side
// statement per distinct SQL text (so their number stays bounded however many PgStmt objects
// run it), forgotten when a reconnect starts a new session.
struct PgSession {
  PGconn* conn = nullptr;
  std::unordered_map<std::string, std::string> prepared;  // SQL → statement name
};

// A statement is prepared on the server the first time its SQL runs in a session, then runs with
// PQexecPrepared: parsed once, sent as a name and text parameters after that.
class PgStmt final : public sql::StmtImpl {
 public:
  PgStmt(PgSession* session, std::string_view sql) : session_(session), sql_(sql) {}

  void BindInt(int i, int64_t v) override { Set(i, std::to_string(v)); }
  void BindDouble(int i, double v) override {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);  // shortest exact round trip
    (void)ec;
    Set(i, std::string(buf, end));
  }
  void BindText(int i, std::string_view v) override { Set(i, std::string(v)); }
  void BindNull(int i) override { Slot(i).reset(); }

  bool Step() override {
    if (!res_) Execute();
    if (row_ + 1 < PQntuples(res_.get())) {
      ++row_;
      return true;
    }
    row_ = PQntuples(res_.get());
    return false;
  }
  void Reset() override {
    res_.reset();
    row_ = -1;
    params_.clear();
  }

  int64_t Int(int col) const override {
    const char* v = PQgetvalue(res_.get(), row_, col);
    return std::strtoll(v, nullptr, 10);
  }
  double Double(int col) const override {
    return std::strtod(PQgetvalue(res_.get(), row_, col), nullptr);
  }
  std::string Text(int col) const override {
    return std::string(PQgetvalue(res_.get(), row_, col),
                       static_cast<size_t>(PQgetlength(res_.get(), row_, col)));
  }
  bool IsNull(int col) const override { return PQgetisnull(res_.get(), row_, col) != 0; }
  int64_t Changes() const override {
    if (!res_) return 0;
    return std::strtoll(PQcmdTuples(res_.get()), nullptr, 10);
  }

 private:
  std::optional<std::string>& Slot(int i) {
    if (static_cast<size_t>(i) > params_.size()) params_.resize(static_cast<size_t>(i));
    return params_[static_cast<size_t>(i) - 1];
  }
  void Set(int i, std::string v) { Slot(i) = std::move(v); }

  void Execute() {
    PGconn* conn = session_->conn;
    if (PQstatus(conn) != CONNECTION_OK) {  // lost: reconnect once, in a new session
      PQreset(conn);
      session_->prepared.clear();
      if (PQstatus(conn) != CONNECTION_OK) Throw(conn, nullptr, "connect");
    }
    auto found = session_->prepared.find(sql_);
    if (found == session_->prepared.end()) {
      std::string name = "cg" + std::to_string(session_->prepared.size() + 1);
      ResultPtr prepared(PQprepare(conn, name.c_str(), sql_.c_str(), 0, nullptr));
      if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
        Throw(conn, prepared.get(), "prepare");
      found = session_->prepared.emplace(sql_, std::move(name)).first;
    }
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    res_.reset(PQexecPrepared(conn, found->second.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0));
    auto status = PQresultStatus(res_.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      ResultPtr failed = std::move(res_);
      Throw(conn, failed.get(), "query");
    }
    row_ = -1;
  }

  PgSession* session_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  ResultPtr res_;
  int row_ = -1;
};

void IgnoreNotice(void*, const char*) {}

class PgConnection final : public sql::Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) { session_.conn = conn; }
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  sql::Dialect GetDialect() const override { return sql::Dialect::kPostgres; }
  void Exec(std::string_view sql) override {
    EnsureConnected();
    ResultPtr res(PQexec(conn_, std::string(sql).c_str()));
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) Throw(conn_, res.get(), "exec");
  }
  std::unique_ptr<sql::StmtImpl> Prepare(std::string_view sql) override {
    EnsureConnected();
    return std::make_unique<PgStmt>(&session_, sql);
  }
  void Begin() override { Exec("BEGIN"); }
  bool InTransaction() const override {
    auto status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
  }
  void Rollback() noexcept override {
    if (PQstatus(conn_) != CONNECTION_OK) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
  }

  void CopyIn(std::string_view copy_sql, std::string_view data) override {
    EnsureConnected();
    ResultPtr start(PQexec(conn_, std::string(copy_sql).c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) Throw(conn_, start.get(), "copy");
    constexpr size_t kChunk = size_t{1} << 20;
    for (size_t at = 0; at < data.size(); at += kChunk) {
      size_t n = std::min(kChunk, data.size() - at);
      if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) {
        Throw(conn_, nullptr, "copy data");
      }
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) Throw(conn_, nullptr, "copy end");
    ResultPtr done(PQgetResult(conn_));
    bool ok = PQresultStatus(done.get()) == PGRES_COMMAND_OK;
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    if (!ok) Throw(conn_, done.get(), "copy");
  }

 private:
  // After the server restarted or the network dropped, the next use reconnects once; a
  // transaction in progress at the loss was rolled back by the server and reported as failed.
  void EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    PQreset(conn_);
    session_.prepared.clear();  // a new server session has none
    if (PQstatus(conn_) != CONNECTION_OK) Throw(conn_, nullptr, "connect");
  }
  PGconn* conn_;
  PgSession session_;
};

}  // namespace

base::Result<std::unique_ptr<sql::Connection>> Connect(const std::string& url) {
  PGconn* raw = PQconnectdb(url.c_str());
  if (raw == nullptr) return base::Fail(base::Code::kUnavailable, "libpq: out of memory");
  auto conn = std::make_unique<PgConnection>(raw);
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(raw);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return base::Fail(base::Code::kUnavailable, "cannot connect to PostgreSQL: " + msg);
  }
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  try {
    // Times are epoch milliseconds in BIGINT columns, so the session time zone never matters;
    // UTF8 because every text is.
    conn->Exec("SET client_encoding = 'UTF8'");
    // Statements are prepared once per session (parsed once), but planned for their parameters
    // each time: a generic plan, which PostgreSQL switches to after five runs, reads a busy
    // street's list the way it would read a quiet one's.
    conn->Exec("SET plan_cache_mode = force_custom_plan");
  } catch (...) {
    return tl::unexpected(sql::ErrorFromException());
  }
  return std::unique_ptr<sql::Connection>(std::move(conn));
}

}  // namespace civicgrid::storage::postgres
