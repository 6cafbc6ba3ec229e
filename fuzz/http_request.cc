// The bytes of a connection up to the handler, as http::Server reads them: Beast's request parser
// with the server's header limit and the per-target body limit, our Request built by FromBeast
// (percent-decoded path, parsed query, lower-cased headers), and App's real route table. Several
// pipelined (keep-alive) requests in one input are read one after another.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "api/app.h"
#include "api/errors.h"
#include "fuzz/fuzz_check.h"
#include "http/beast_request.h"
#include "http/router.h"
#include "http/server.h"

namespace {

using civicgrid::fuzz::Check;
namespace api = civicgrid::api;
namespace base = civicgrid::base;
namespace http = civicgrid::http;
namespace bhttp = boost::beast::http;

constexpr int kMaxRequestsPerInput = 16;

// Every route the app serves (the test-clock routes too), with handlers that are never called.
// App only registers routes on construction and touches its services when a handler runs, so
// null services suffice to read the table.
const http::Router& AppRouter() {
  static const http::Router* router = [] {
    static base::AdjustableClock test_clock;
    api::Services services;
    services.test_clock = &test_clock;
    api::App app(services);
    auto* r = new http::Router;
    for (const auto& [method, pattern] : app.Routes()) r->Add(method, pattern, nullptr);
    return r;
  }();
  return *router;
}

// One request from the front of `data`, as Session::Read and OnHeader do: the header under
// header_limit, then the body under the target's limit. At the end of the input the peer is
// taken to close the connection (put_eof). Sets *used to the bytes consumed; nullopt when no
// complete request could be read (the server answers 400/413/431 or closes).
std::optional<http::BeastRequest> ReadOne(std::string_view data, const http::ServerOptions& options,
                                          size_t* used) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(options.max_header_bytes);
  boost::beast::error_code ec;
  *used = 0;
  auto feed = [&] {
    size_t n = parser.put(boost::asio::buffer(data.data() + *used, data.size() - *used), ec);
    *used += n;
    return n;
  };
  while (!parser.is_header_done()) {
    size_t n = feed();
    if (ec == bhttp::error::need_more || (!ec && n == 0)) {
      parser.put_eof(ec);
      if (!parser.is_header_done()) return std::nullopt;
    } else if (ec) {
      return std::nullopt;
    }
  }
  auto target = parser.get().target();
  parser.body_limit(options.BodyLimitFor(std::string_view(target.data(), target.size())));
  parser.eager(true);  // what async_read does for the body
  while (!parser.is_done()) {
    size_t n = feed();
    if (ec == bhttp::error::need_more || (!ec && n == 0)) {
      ec = {};
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return std::nullopt;
    } else if (ec) {
      return std::nullopt;
    }
  }
  return parser.release();
}

void Route(const http::Request& req) {
  for (const auto& [name, value] : req.headers) {
    for (char c : name) Check(c < 'A' || c > 'Z', "header names are lower-cased");
  }
  http::Params params;
  const http::RouteHandler* handler = nullptr;
  switch (AppRouter().Find(req.method, req.path, &params, &handler)) {
    case http::Router::Match::kFound:
      Check(handler != nullptr, "a found route has a handler");
      for (const auto& [name, value] : params) {
        Check(!name.empty() && !value.empty(), "route params are named and non-empty");
        Check(value.find('/') == std::string::npos, "a route param is one path segment");
      }
      break;
    case http::Router::Match::kWrongMethod:
      // App's 405 body echoes the method and path.
      (void)api::ErrorReply(405, "method_not_allowed",
                            req.method + " is not allowed on " + req.path);
      break;
    case http::Router::Match::kNoPath:
      // App's 404 body echoes the path, which may hold any bytes after percent-decoding.
      (void)api::ErrorReply(404, "not_found", "no endpoint " + req.path);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const http::ServerOptions options;  // the limits of every target but uploads/imports
  std::string_view rest = civicgrid::fuzz::AsText(data, size);
  for (int i = 0; i < kMaxRequestsPerInput && !rest.empty(); ++i) {
    size_t used = 0;
    auto raw = ReadOne(rest, options, &used);
    if (!raw) break;
    Check(used > 0 && used <= rest.size(), "a request consumes input");
    const bool keep_alive = raw->keep_alive();
    http::Request req = http::FromBeast(std::move(*raw));
    Check(req.body.size() <= options.max_body_bytes, "the body limit holds");
    Route(req);
    if (!keep_alive) break;
    rest.remove_prefix(used);
  }
  return 0;
}
