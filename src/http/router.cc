#include "http/router.h"

namespace civicgrid::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

void Router::Add(const std::string& method, const std::string& pattern, RouteHandler handler) {
  routes_.push_back({method, Split(pattern), std::move(handler)});
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) {
    std::string pattern;
    for (const auto& seg : r.segments) pattern += "/" + seg;
    out.emplace_back(r.method, pattern);
  }
  return out;
}

Router::Match Router::Find(const std::string& method, const std::string& path, Params* params,
                           const RouteHandler** handler) const {
  auto segments = Split(path);
  bool path_matched = false;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    Params found;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        if (segments[i].empty()) ok = false;
        found[want.substr(1, want.size() - 2)] = segments[i];
      } else if (want != segments[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    path_matched = true;
    if (route.method != method) continue;
    *params = std::move(found);
    *handler = &route.handler;
    return Match::kFound;
  }
  return path_matched ? Match::kWrongMethod : Match::kNoPath;
}

}  // namespace civicgrid::http
