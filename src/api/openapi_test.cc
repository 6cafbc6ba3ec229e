// docs/openapi.yaml covers every route the server registers, with its method, and names no
// route that does not exist. Path parameters match whatever their names; an Open311 path's
// ".{format}" stands for its ".xml" and ".json" routes, and "{id}.{format}" for one "{file}".
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api/app.h"
#include "support/openapi_routes.h"

namespace civicgrid::api {
namespace {

TEST(OpenApiTest, TheDocumentCoversEveryRoute) {
  const auto documented =
      testing::DocumentedRoutes(std::string(CIVICGRID_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_GT(documented.size(), 40u);

  Services none;
  App app(none);
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& [method, pattern] : app.Routes())
    served.insert({method, testing::NormalRoutePath(pattern)});
  // Served by the app outside the router: the reference itself.
  served.insert({"GET", "/api/docs"});
  served.insert({"GET", "/api/openapi.yaml"});
  for (const auto& route : served) {
    EXPECT_TRUE(documented.count(route))
        << route.first << " " << route.second << " is not in docs/openapi.yaml";
  }
  for (const auto& route : documented) {
    EXPECT_TRUE(served.count(route))
        << route.first << " " << route.second << " is documented but not served";
  }
}

}  // namespace
}  // namespace civicgrid::api
