// Protocol-level request and response values, free of Beast types, handed to the api layer.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace civicgrid::http {

struct Request {
  std::string method;                          // GET, POST, …
  std::string path;                            // percent-decoded, without the query
  std::map<std::string, std::string> query;    // percent-decoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string remote_address;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // A live stream (Server-Sent Events) instead of a body: after the header (and `body`, if any),
  // the server calls `next` every `poll_ms` on an I/O thread and sends what it returns ("" for
  // nothing new); nullopt ends the stream and closes the connection, as does a failed write.
  // `next` must return quickly.
  std::function<std::optional<std::string>()> next;
  int poll_ms = 1000;
};

// Decodes %XX escapes (and '+' as space when `form` is true). Malformed escapes are kept as is.
std::string PercentDecode(std::string_view in, bool form);
// Splits "a=1&b=2" into a map; a repeated key keeps its last value.
std::map<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace civicgrid::http
