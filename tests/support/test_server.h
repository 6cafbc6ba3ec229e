// Test support: starts the real `civicgrid serve --demo` binary on a free loopback port with a
// temporary data directory, and talks to it over a real socket. The database is the data
// directory's SQLite file, or, when CIVICGRID_TEST_BACKEND=postgres, the PostgreSQL database of
// CIVICGRID_TEST_PG_URL (emptied by --demo).
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace civicgrid::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::string content_type;
  nlohmann::json json;  // parsed body when it is JSON, else null
};

class TestServer {
 public:
  // Starts the demo server; aborts the test binary when it cannot start within 60 s, and when
  // CIVICGRID_TEST_BACKEND=postgres but CIVICGRID_TEST_PG_URL is unset.
  // `extra_args` are appended to `serve`'s arguments.
  explicit TestServer(std::vector<std::string> extra_args = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // The demo password of a role, from demo-users.json.
  std::string Password(const std::string& role) const;
  std::string Username(const std::string& role) const;

  HttpResult Request(const std::string& method, const std::string& target,
                     const std::string& body = "", const std::string& token = "",
                     const std::string& content_type = "application/json",
                     const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  HttpResult Get(const std::string& target, const std::string& token = "") const {
    return Request("GET", target, "", token);
  }
  HttpResult Post(const std::string& target, const nlohmann::json& body,
                  const std::string& token = "") const {
    return Request("POST", target, body.dump(), token);
  }
  // A second server process on the same database and data directory, started without --demo:
  // several serve processes sharing one database. Stopped when the result is destroyed.
  std::unique_ptr<TestServer> StartSibling(std::vector<std::string> extra_args = {}) const;

  // Kills the server with SIGKILL (no clean shutdown), then starts it again on the same data
  // directory and database without --demo: what was acknowledged before must still be there.
  void CrashAndRestart();
  // The two halves of CrashAndRestart, for a crash while other threads are sending requests
  // (they get status 0 until Restart).
  void Kill();
  void Restart();

  // Runs the civicgrid binary on this server's data directory and database with `args` (a
  // subcommand and its flags); returns its exit status, and its output in `output`.
  int RunCli(const std::vector<std::string>& args, std::string* output) const;

  // Opens GET `target` as a Server-Sent Events stream and reads until the text received contains
  // `until` or `seconds` pass; returns everything read (header included), then closes.
  std::string ReadStream(const std::string& target, const std::string& until, int seconds) const;

  // Logs in as the demo user of `role` and returns the token.
  std::string Login(const std::string& role) const;
  // Logs in with explicit credentials.
  std::string LoginAs(const std::string& username, const std::string& password) const;

 private:
  struct SiblingTag {};
  TestServer(const TestServer& primary, SiblingTag, std::vector<std::string> extra_args);
  void Start(bool demo);
  std::string log_name_ = "server.log";
  bool owns_dir_ = true;
  std::string db_;  // the --db value; "" = the data directory's SQLite file
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string data_dir_;
  nlohmann::json users_;
};

// A tiny valid PNG (1×1 pixel), for photo uploads.
std::string TinyPng();

}  // namespace civicgrid::testing
