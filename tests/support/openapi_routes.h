// The routes docs/openapi.yaml documents, as (METHOD, path) with every path parameter written
// "{}": an Open311 path's ".{format}" stands for its ".xml" and ".json" routes, and
// "{id}.{format}" for one "{}". Shared by the test that keeps the document equal to the router
// (src/api/openapi_test.cc) and the authorization matrix.
#pragma once

#include <set>
#include <string>
#include <utility>

namespace civicgrid::testing {

using Route = std::pair<std::string, std::string>;  // method, path

// `path` with each "{name}" (and "{name}.{format}") as "{}".
std::string NormalRoutePath(std::string path);
// Every (method, path) of the YAML document at `openapi_yaml`; empty when it cannot be read.
std::set<Route> DocumentedRoutes(const std::string& openapi_yaml);

}  // namespace civicgrid::testing
