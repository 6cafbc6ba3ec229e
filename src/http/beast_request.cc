#include "http/beast_request.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

namespace civicgrid::http {

Request FromBeast(BeastRequest raw) {
  Request req;
  req.method = std::string(raw.method_string());
  std::string_view target(raw.target().data(), raw.target().size());
  size_t q = target.find('?');
  req.path = PercentDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) req.query = ParseQuery(target.substr(q + 1));
  for (const auto& field : raw) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    req.headers[name] = std::string(field.value());
  }
  req.body = std::move(raw.body());
  return req;
}

}  // namespace civicgrid::http
