// A webhook receiver on 127.0.0.1 for the tests: answers 500 to the first `failures` requests,
// then 200, and keeps every request.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace civicgrid::testing {

struct Received {
  std::string event, delivery, signature, body;
};

class Receiver {
 public:
  using tcp = boost::asio::ip::tcp;
  explicit Receiver(int failures)
      : failures_(failures), acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stopping_ = true;
    boost::beast::error_code ec;
    boost::asio::ip::tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ec);  // unblocks accept
    thread_.join();
  }
  int port() const { return acceptor_.local_endpoint().port(); }
  std::vector<Received> Got() {
    std::lock_guard lock(mu_);
    return got_;
  }

 private:
  void Serve() {
    while (!stopping_) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      boost::beast::flat_buffer buffer;
      boost::beast::http::request<boost::beast::http::string_body> req;
      boost::beast::http::read(socket, buffer, req, ec);
      if (ec) continue;
      int status = 200;
      {
        std::lock_guard lock(mu_);
        got_.push_back({std::string(req["X-CivicGrid-Event"]),
                        std::string(req["X-CivicGrid-Delivery"]),
                        std::string(req["X-CivicGrid-Signature"]), req.body()});
        if (static_cast<int>(got_.size()) <= failures_) status = 500;
      }
      boost::beast::http::response<boost::beast::http::string_body> res(
          static_cast<boost::beast::http::status>(status), 11);
      res.body() = status == 200 ? "ok" : "try later";
      res.prepare_payload();
      boost::beast::http::write(socket, res, ec);
      socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  int failures_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::vector<Received> got_;
};

}  // namespace civicgrid::testing
