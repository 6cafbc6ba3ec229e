// Routes (method, path pattern) to handlers; patterns name segments like "/cases/{id}".
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/message.h"

namespace civicgrid::http {

using Params = std::map<std::string, std::string>;
using RouteHandler = std::function<Response(const Request&, const Params&)>;

class Router {
 public:
  // Not thread-safe: add every route before serving.
  void Add(const std::string& method, const std::string& pattern, RouteHandler handler);

  // Every (method, pattern), in the order added.
  std::vector<std::pair<std::string, std::string>> Routes() const;

  enum class Match { kFound, kNoPath, kWrongMethod };
  // Finds the route; fills `params` and `handler` when found.
  Match Find(const std::string& method, const std::string& path, Params* params,
             const RouteHandler** handler) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace civicgrid::http
