#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace civicgrid::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

struct Url {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

bool ParseUrl(const std::string& url, Url& out) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return false;
  std::string rest = url.substr(scheme.size());
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.target = rest.substr(slash);
  const size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    out.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
  }
  out.host = authority;
  return !out.host.empty() && !out.port.empty();
}

}  // namespace

ClientResult Post(const std::string& url, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  std::chrono::milliseconds timeout) {
  Url u;
  if (!ParseUrl(url, u)) return {0, "not an http:// URL"};
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    beast::error_code ec;
    auto endpoints = resolver.resolve(u.host, u.port, ec);
    if (ec) return {0, "resolve " + u.host + ": " + ec.message()};
    stream.connect(endpoints, ec);
    if (ec) return {0, "connect: " + ec.message()};
    bhttp::request<bhttp::string_body> req(bhttp::verb::post, u.target, 11);
    req.set(bhttp::field::host, u.host);
    req.set(bhttp::field::user_agent, "CivicGrid-Webhooks/1");
    req.set(bhttp::field::content_type, "application/json; charset=utf-8");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req, ec);
    if (ec) return {0, "send: " + ec.message()};
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024);
    bhttp::read(stream, buffer, parser, ec);
    if (ec) return {0, "read: " + ec.message()};
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return {static_cast<int>(parser.get().result_int()), ""};
  } catch (const std::exception& e) {
    return {0, e.what()};
  }
}

}  // namespace civicgrid::http
