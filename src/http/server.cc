#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "http/beast_request.h"

namespace civicgrid::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// One connection: read a request, answer it, repeat while keep-alive. A normal close by the
// peer ends the session quietly.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerOptions& options, const Handler& handler,
          const ErrorReply& error_reply, std::shared_ptr<std::atomic<int>> open_sessions)
      : stream_(std::move(socket)),
        options_(options),
        handler_(handler),
        error_reply_(error_reply),
        open_sessions_(std::move(open_sessions)) {
    open_sessions_->fetch_add(1);
  }
  ~Session() { open_sessions_->fetch_sub(1); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(options_.max_header_bytes);
    stream_.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  // The header is in: pick the body limit for this target, then read the body.
  void OnHeader(beast::error_code ec) {
    if (ec) {
      OnRead(ec);
      return;
    }
    auto target = parser_->get().target();
    body_limit_ = options_.BodyLimitFor(std::string_view(target.data(), target.size()));
    parser_->body_limit(body_limit_);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code e, size_t) { self->OnRead(e); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      Close();
      return;
    }
    if (ec == beast::error::timeout) {
      Close();
      return;
    }
    if (ec == bhttp::error::body_limit) {
      SendError(413, "payload_too_large",
                "the request body exceeds " + std::to_string(body_limit_) + " bytes");
      return;
    }
    if (ec == bhttp::error::header_limit) {
      SendError(431, "headers_too_large", "the request headers are too large");
      return;
    }
    if (ec) {
      SendError(400, "bad_request", "malformed HTTP request: " + ec.message());
      return;
    }
    auto raw = parser_->release();
    keep_alive_ = raw.keep_alive();
    Request req = FromBeast(std::move(raw));
    beast::error_code ignored;
    auto endpoint = stream_.socket().remote_endpoint(ignored);
    req.remote_address = endpoint.address().to_string(ignored);
    Response res;
    try {
      res = handler_(req);
    } catch (const std::exception& e) {
      res = error_reply_(500, "internal", std::string("internal error: ") + e.what());
    }
    Send(std::move(res));
  }

  void SendError(int status, const std::string& code, const std::string& message) {
    keep_alive_ = false;
    linger_ = true;
    Send(error_reply_(status, code, message));
  }

  // After refusing a request whose body was not read, drain what the client is still sending
  // (up to a bound, for a few seconds) before closing, so that it reads our answer instead of a
  // connection reset.
  void Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(kLingerSeconds));
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerMaxBytes) {
                                beast::error_code ignored;
                                self->stream_.socket().close(ignored);
                                return;
                              }
                              self->DrainSome();
                            });
  }

  void Send(Response res) {
    if (res.next) {
      SendStream(std::move(res));
      return;
    }
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
    msg->version(11);
    msg->result(static_cast<unsigned>(res.status));
    msg->set(bhttp::field::server, "civicgrid");
    msg->set(bhttp::field::content_type, res.content_type);
    msg->set("X-Content-Type-Options", "nosniff");
    for (auto& [k, v] : res.headers) msg->set(k, v);
    msg->body() = std::move(res.body);
    msg->keep_alive(keep_alive_);
    msg->prepare_payload();
    constexpr size_t kBytesPerSecond = size_t{64} * 1024;
    stream_.expires_after(
        std::chrono::seconds(options_.write_timeout_seconds +
                             static_cast<int64_t>(msg->body().size() / kBytesPerSecond)));
    bhttp::async_write(stream_, *msg,
                       [self = shared_from_this(), msg](beast::error_code ec, size_t) {
                         if (!ec && self->linger_) {
                           self->Linger();
                           return;
                         }
                         if (ec || !self->keep_alive_) {
                           self->Close();
                           return;
                         }
                         self->Read();
                       });
  }

  // A stream: the header and any initial text, then whatever `next` returns at each tick, until
  // it ends or the peer goes away. The connection is not reused afterwards.
  void SendStream(Response res) {
    std::string head = "HTTP/1.1 " + std::to_string(res.status) + " OK\r\nServer: civicgrid\r\n" +
                       "Content-Type: " + res.content_type +
                       "\r\nCache-Control: no-cache\r\nConnection: close\r\n"
                       "X-Content-Type-Options: nosniff\r\n";
    for (auto& [k, v] : res.headers) head += k + ": " + v + "\r\n";
    head += "\r\n" + res.body;
    next_ = std::move(res.next);
    poll_ms_ = std::max(50, res.poll_ms);
    timer_.emplace(stream_.get_executor());
    WriteStream(std::make_shared<std::string>(std::move(head)));
  }

  void WriteStream(std::shared_ptr<std::string> text) {
    stream_.expires_after(std::chrono::seconds(options_.write_timeout_seconds));
    asio::async_write(stream_, asio::buffer(*text),
                      [self = shared_from_this(), text](beast::error_code ec, size_t) {
                        if (ec) {
                          self->Close();
                          return;
                        }
                        self->WaitStream();
                      });
  }

  void WaitStream() {
    timer_->expires_after(std::chrono::milliseconds(poll_ms_));
    timer_->async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) {
        self->Close();
        return;
      }
      std::optional<std::string> more;
      try {
        more = self->next_();
      } catch (const std::exception&) {
        more.reset();
      }
      if (!more) {
        self->Close();
      } else if (more->empty()) {
        self->WaitStream();
      } else {
        self->WriteStream(std::make_shared<std::string>(std::move(*more)));
      }
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const ServerOptions& options_;
  const Handler& handler_;
  const ErrorReply& error_reply_;
  std::shared_ptr<std::atomic<int>> open_sessions_;
  uint64_t body_limit_ = 0;
  bool keep_alive_ = false;
  bool linger_ = false;
  static constexpr int kLingerSeconds = 5;
  static constexpr size_t kLingerMaxBytes = size_t{64} * 1024 * 1024;
  std::array<char, 16384> drain_{};
  std::function<std::optional<std::string>()> next_;
  int poll_ms_ = 1000;
  std::optional<asio::steady_timer> timer_;
  size_t drained_ = 0;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  ErrorReply error_reply;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  uint16_t port = 0;
  std::shared_ptr<std::atomic<int>> open_sessions = std::make_shared<std::atomic<int>>(0);

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket s) {
      if (!acceptor.is_open()) return;
      if (!ec && open_sessions->load() >= options.max_connections) {
        beast::error_code ignored;
        s.close(ignored);  // over the cap: refuse rather than let one client starve the rest
      } else if (!ec) {
        std::make_shared<Session>(std::move(s), options, handler, error_reply, open_sessions)
            ->Start();
      }
      Accept();
    });
  }
};

Server::Server(ServerOptions options, Handler handler, ErrorReply error_reply)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->error_reply = std::move(error_reply);
}

Server::~Server() {
  Stop();
  Wait();
}

base::Status Server::Start() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return base::InvalidArgument("address", "not an IP address: " + impl_->options.address);
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return base::Fail(base::Code::kUnavailable, "cannot listen on " + impl_->options.address + ":" +
                                                    std::to_string(impl_->options.port) + ": " +
                                                    ec.message());
  }
  impl_->port = acc.local_endpoint().port();
  impl_->Accept();
  int n = std::max(1, impl_->options.threads);
  for (int i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
  return base::Ok();
}

uint16_t Server::Port() const { return impl_->port; }

void Server::Wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

void Server::Stop() {
  asio::post(impl_->io, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->io.stop();
  });
}

}  // namespace civicgrid::http
