// The HTTP/1.1 server: Boost.Beast on a fixed pool of Asio I/O threads, with body limits and
// read timeouts enforced before a request reaches the handler.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "http/message.h"

namespace civicgrid::http {

using Handler = std::function<Response(const Request&)>;
// Builds the reply the server sends on its own (413, 400, 408) in the api layer's error format.
using ErrorReply =
    std::function<Response(int status, const std::string& code, const std::string& message)>;

struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8080;  // 0 picks a free port
  int threads = 4;
  // The largest body accepted for a request target, decided from the header alone so that a
  // large body is refused (413) before it is buffered. Unset: max_body_bytes for every target.
  std::function<uint64_t(std::string_view target)> body_limit;
  uint64_t max_body_bytes = uint64_t{1024} * 1024;
  uint32_t max_header_bytes = uint32_t{16} * 1024;
  int read_timeout_seconds = 30;  // to receive a whole request
  // To send a reply: this much plus one second per 64 KiB, so slow phones still get photos.
  int write_timeout_seconds = 30;
  int max_connections = 1024;  // further connections are closed at once

  // The body limit the server applies to a request for `target`: body_limit(target) when set,
  // else max_body_bytes.
  uint64_t BodyLimitFor(std::string_view target) const {
    return body_limit ? body_limit(target) : max_body_bytes;
  }
};

// Thread-safe: Start once, then Stop from any thread.
class Server {
 public:
  Server(ServerOptions options, Handler handler, ErrorReply error_reply);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; kUnavailable when the address is taken.
  [[nodiscard]] base::Status Start();
  // The bound port (after Start).
  uint16_t Port() const;
  // Serves on the pool until Stop.
  void Wait();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civicgrid::http
