#include "support/test_server.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <thread>
#include <vector>

#ifndef CIVICGRID_BINARY
#error "CIVICGRID_BINARY must name the civicgrid executable"
#endif

namespace civicgrid::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

[[noreturn]] void Die(const std::string& why) {
  std::cerr << "test server: " << why << std::endl;
  std::abort();
}

std::string TestDatabase() {
  // Read before the server or any test thread starts.
  const char* backend = std::getenv("CIVICGRID_TEST_BACKEND");  // NOLINT(concurrency-mt-unsafe)
  if (backend == nullptr || std::string(backend).empty() || std::string(backend) == "sqlite") {
    return "";
  }
  if (std::string(backend) != "postgres")
    Die("unknown CIVICGRID_TEST_BACKEND " + std::string(backend));
  // A PostgreSQL run without its database is a broken setup, never a pass: fail loudly.
  const char* url = std::getenv("CIVICGRID_TEST_PG_URL");  // NOLINT(concurrency-mt-unsafe)
  if (url == nullptr || std::string(url).empty()) {
    Die("CIVICGRID_TEST_BACKEND=postgres needs CIVICGRID_TEST_PG_URL (scripts/test.sh starts a "
        "cluster and sets it)");
  }
  return url;
}

int sibling_count = 0;  // names each sibling's log

}  // namespace

TestServer::TestServer(std::vector<std::string> extra_args)
    : db_(TestDatabase()), extra_args_(std::move(extra_args)) {
  char tmpl[] = "/tmp/civicgrid-test-XXXXXX";
  if (!mkdtemp(tmpl)) Die("mkdtemp failed");
  data_dir_ = tmpl;
  Start(true);
  std::ifstream users(data_dir_ + "/demo-users.json");
  users_ = nlohmann::json::parse(users);
}

TestServer::TestServer(const TestServer& primary, SiblingTag, std::vector<std::string> extra_args)
    : log_name_("server-sibling-" + std::to_string(++sibling_count) + ".log"),
      owns_dir_(false),
      db_(primary.db_),
      extra_args_(std::move(extra_args)),
      data_dir_(primary.data_dir_),
      users_(primary.users_) {
  Start(false);
}

std::unique_ptr<TestServer> TestServer::StartSibling(std::vector<std::string> extra_args) const {
  return std::unique_ptr<TestServer>(new TestServer(*this, SiblingTag{}, std::move(extra_args)));
}

void TestServer::CrashAndRestart() {
  Kill();
  Restart();
}

void TestServer::Kill() {
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
}

void TestServer::Restart() { Start(false); }

void TestServer::Start(bool demo) {
  std::string log = data_dir_ + "/" + log_name_;
  std::filesystem::remove(log);
  port_ = 0;
  pid_ = fork();
  if (pid_ < 0) Die("fork failed");
  if (pid_ == 0) {
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    (void)out;
    dup2(fileno(stdout), STDERR_FILENO);
    std::vector<std::string> args = {CIVICGRID_BINARY, "--data-dir", data_dir_};
    if (!db_.empty()) args.insert(args.end(), {"--db", db_});
    args.emplace_back("serve");
    if (demo) args.emplace_back("--demo");
    args.insert(args.end(), {"--address", "127.0.0.1", "--port", "0", "--threads", "2"});
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(CIVICGRID_BINARY, argv.data());
    _exit(127);
  }
  const std::regex url("http://127\\.0\\.0\\.1:([0-9]+)/");
  for (int i = 0; i < 600 && port_ == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::smatch m;
    if (std::regex_search(text, m, url) && (!demo || text.find("resident:") != std::string::npos)) {
      port_ = std::stoi(m[1].str());
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) Die("the server exited early:\n" + text);
  }
  if (port_ == 0) Die("the server did not start within 60 s");
}

TestServer::~TestServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  if (owns_dir_) std::filesystem::remove_all(data_dir_, ec);
}

std::string TestServer::Password(const std::string& role) const {
  return users_.at(role).at("password").get<std::string>();
}

std::string TestServer::Username(const std::string& role) const {
  return users_.at(role).at("username").get<std::string>();
}

HttpResult TestServer::Request(
    const std::string& method, const std::string& target, const std::string& body,
    const std::string& token, const std::string& content_type,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(port_)));
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
  if (!body.empty() || method == "POST") req.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  beast::error_code ec;
  // A server may answer (413) before it has read the whole body: read the reply even when the
  // write could not finish.
  bhttp::write(stream, req, ec);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(uint64_t{64} * 1024 * 1024);
  bhttp::read(stream, buffer, parser, ec);
  HttpResult out;
  if (ec) {
    out.status = -1;
    out.body = ec.message();
    return out;
  }
  auto res = parser.release();
  out.status = static_cast<int>(res.result_int());
  out.body = res.body();
  out.content_type = std::string(res[bhttp::field::content_type]);
  if (out.content_type.find("json") != std::string::npos) {
    out.json = nlohmann::json::parse(out.body, nullptr, false);
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

int TestServer::RunCli(const std::vector<std::string>& args, std::string* output) const {
  std::string command = std::string(CIVICGRID_BINARY) + " --data-dir '" + data_dir_ + "'";
  if (!db_.empty()) command += " --db '" + db_ + "'";
  for (const auto& a : args) command += " '" + a + "'";
  command += " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) Die("popen failed");
  std::array<char, 4096> buf{};
  std::string text;
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) text.append(buf.data(), n);
  int status = pclose(pipe);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string TestServer::ReadStream(const std::string& target, const std::string& until,
                                   int seconds) const {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(port_)));
  std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
  beast::error_code ec;
  asio::write(stream, asio::buffer(request), ec);
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::array<char, 4096> chunk{};
  while (!ec && text.find(until) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    stream.expires_at(deadline);
    size_t n = stream.read_some(asio::buffer(chunk), ec);
    text.append(chunk.data(), n);
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return text;
}

std::string TestServer::LoginAs(const std::string& username, const std::string& password) const {
  auto r = Post("/api/v1/auth/login", {{"username", username}, {"password", password}});
  if (r.status != 200) Die("login of " + username + " failed: " + r.body);
  return r.json.at("token").get<std::string>();
}

std::string TestServer::Login(const std::string& role) const {
  return LoginAs(Username(role), Password(role));
}

std::string TinyPng() {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
      0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
      0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
      0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
      0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(kPng), sizeof(kPng));
}

}  // namespace civicgrid::testing
